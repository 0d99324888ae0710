using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Host;
using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>docs/authoring.md must stay true: its activity reference is generated, and its examples load.</summary>
public sealed partial class AuthoringGuideTests
{
    private const string GuideFile = "docs/authoring.md";

    // The documents cover every activity messier ships, the host ones included.
    private static readonly ActivityRegistry Registry = ActivityRegistry.CreateDefault().AddHostActivities();

    [Fact]
    public void ActivityReferenceMatchesTheDescriptors()
    {
        var guide = RepositoryFiles.Read(GuideFile);

        RepositoryFiles.AssertUpToDate(GuideFile, ActivityReference.ReplaceIn(guide, ActivityReference.Generate(Registry)));
    }

    [Fact]
    public void EveryActivityTypeIsDocumented()
    {
        var guide = RepositoryFiles.Read(GuideFile);

        Assert.All(Registry.TypeNames, type => Assert.Contains($"#### {type}\n", guide, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryJsonBlockIsJson()
    {
        var blocks = JsonBlocks();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => JsonNode.Parse(block, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
    }

    [Fact]
    public void EveryExampleDefinitionAndActivityLoadsAndFitsTheSchema()
    {
        var examples = JsonBlocks().Select(AsDefinition).OfType<string>().ToList();
        var validator = new SchemaSubsetValidator(DefinitionSchema.Generate(Registry));

        Assert.True(examples.Count >= 4, $"expected the guide's example definitions and activities, found {examples.Count}");
        foreach (var example in examples)
        {
            LoadAssert.Valid(example);
            Assert.Empty(validator.Validate(JsonNode.Parse(example)));
        }
    }

    /// <summary>A whole definition as it is; an example activity wrapped as the root of one; null for other fragments.</summary>
    private static string? AsDefinition(string block)
    {
        var node = JsonNode.Parse(block);
        if (node is JsonObject obj && obj.ContainsKey("root"))
        {
            return block;
        }

        return node is JsonObject activity && activity["type"] is JsonValue type && Registry.Find(type.ToString()) is not null
            ? new JsonObject { ["name"] = "guide-example", ["root"] = activity.DeepClone() }.ToJsonString()
            : null;
    }

    private static List<string> JsonBlocks() =>
        JsonBlock().Matches(RepositoryFiles.Read(GuideFile)).Select(m => m.Groups["json"].Value).ToList();

    [GeneratedRegex("^```json\\n(?<json>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
