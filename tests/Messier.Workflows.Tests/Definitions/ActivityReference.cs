using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>
/// The activity reference of docs/authoring.md, written from the descriptors so the guide lists
/// exactly the types, properties, defaults and outcomes the loader knows.
/// </summary>
internal static class ActivityReference
{
    public const string Begin = "<!-- BEGIN activity reference: generated from the activity descriptors; MESSIER_UPDATE_DOCS=1 dotnet test tests/Messier.Workflows.Tests rewrites it -->";
    public const string End = "<!-- END activity reference -->";

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Generate(ActivityRegistry registry)
    {
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        foreach (var category in Enum.GetValues<ActivityCategory>())
        {
            var activities = registry.All
                .Where(a => a.Descriptor.Category == category)
                .OrderBy(a => a.Descriptor.Type, StringComparer.Ordinal)
                .ToList();
            if (activities.Count == 0)
            {
                continue;
            }

            text.Append('\n').Append("### ").Append(CategoryTitle(category)).Append('\n');
            foreach (var activity in activities)
            {
                AppendActivity(text, activity);
            }
        }

        text.Append('\n').Append(End);
        return text.ToString();
    }

    /// <summary>Replaces the generated part of <paramref name="document"/>, keeping what people wrote around it.</summary>
    public static string ReplaceIn(string document, string generated)
    {
        var begin = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"The document has no generated activity reference between '{Begin}' and '{End}'.");
        }

        return document[..begin] + generated + document[(end + End.Length)..];
    }

    private static void AppendActivity(StringBuilder text, IActivity activity)
    {
        var descriptor = activity.Descriptor;
        text.Append('\n').Append("#### ").Append(descriptor.Type).Append('\n');
        text.Append('\n').Append(Escape(descriptor.Description)).Append('\n');
        text.Append('\n').Append("*Runs as:* ").Append(RunsAs(activity)).Append(" *Outcomes:* ").Append(Outcomes(descriptor)).Append('\n');
        text.Append('\n');
        text.Append("| property | type | required | default | description |\n");
        text.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var property in descriptor.Properties)
        {
            text.Append("| `").Append(property.Name).Append("` | ")
                .Append(Cell(TypeOf(property))).Append(" | ")
                .Append(property.Required ? "yes" : string.Empty).Append(" | ")
                .Append(property.Default is { } value ? "`" + value.ToJsonString(CompactJson) + "`" : string.Empty).Append(" | ")
                .Append(Cell(property.Description)).Append(" |\n");
        }
    }

    private static string CategoryTitle(ActivityCategory category) => category switch
    {
        ActivityCategory.ControlFlow => "Control flow",
        ActivityCategory.Primitives => "Primitives",
        _ => category.ToString(),
    };

    /// <summary>How the interpreter treats the type, which decides what it costs and what happens after a crash.</summary>
    private static string RunsAs(IActivity activity) => activity switch
    {
        ICompositeActivity => "a container (no commit of its own).",
        IResumableActivity => "an instant activity that suspends the workflow until it is resumed.",
        IInstantActivity => "an instant activity (no commit of its own).",
        IStepActivity => "a step (committed before and after; observed before it is applied).",
        _ => "an activity.",
    };

    private static string Outcomes(ActivityDescriptor descriptor)
    {
        if (descriptor.Outcomes.Count == 0)
        {
            return "none; it ends the workflow.";
        }

        var outcomes = string.Join(", ", descriptor.Outcomes.Select(o => "`" + o + "`"));
        return descriptor.DynamicOutcomes ? $"the matching case's label, else {outcomes}." : outcomes + ".";
    }

    private static string TypeOf(PropertyDescriptor property)
    {
        var type = property.Kind switch
        {
            PropertyKind.Activity => "activity",
            PropertyKind.Activities => "array of activities",
            PropertyKind.Cases => "array of cases",
            PropertyKind.Connections => "array of connections",
            _ when property.ItemType is { } itemType => $"{property.Type.ToName()} of {itemType.ToName()}",
            _ => property.Type.ToName(),
        };

        if (property.AllowedValues is { } allowed)
        {
            type += ": " + string.Join(", ", allowed.Select(v => "`" + v + "`"));
        }

        if (property.Kind == PropertyKind.Value && !property.AllowExpression)
        {
            type += " (literal)";
        }

        return type;
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Descriptions say things like vars.&lt;variable&gt;, which Markdown would take for an HTML tag and hide.</summary>
    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
