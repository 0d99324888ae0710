using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.ControlFlow;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Expressions;

namespace Messier.Workflows.Definitions;

/// <summary>
/// Generates the JSON Schema (draft 2020-12) of workflow definitions from an
/// <see cref="ActivityRegistry"/>'s descriptors, so editors can complete and check definitions
/// with the same activity types, properties and descriptions the loader validates against.
/// The schema helps authors while they type; <see cref="DefinitionLoader"/> stays the authority
/// (it also checks what a schema cannot say: unique ids, connections that resolve, expressions that parse).
/// </summary>
public static class DefinitionSchema
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    // These mirror DefinitionLoader's private patterns; the tests load names through both to keep them in step.
    internal const string NamePattern = "^[a-z0-9][a-z0-9._-]{0,99}$";
    internal const string IdentifierPattern = "^[A-Za-z_][A-Za-z0-9_]{0,99}$";
    internal const string ActivityIdPattern = "^[A-Za-z_][A-Za-z0-9_.-]{0,199}$";

    private const string ActivityRef = "#/$defs/activity";
    private const string ExpressionRef = "#/$defs/expression";
    private const string LiteralRef = "#/$defs/literal";

    private static readonly JsonSerializerOptions TextOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,

        // The file is checked in and compared byte for byte, so it must not depend on the OS.
        NewLine = "\n",

        // Descriptions quote JSON ("{\"js\": ...}") and use apostrophes; keep them readable in the file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The key under <c>$defs</c> of an activity type's own schema.</summary>
    public static string ActivityDefinitionKey(string activityType) => "activity." + activityType;

    /// <summary>The schema as indented JSON with a trailing newline, as checked in at <c>docs/workflow.schema.json</c>.</summary>
    public static string GenerateText(ActivityRegistry registry) => Generate(registry).ToJsonString(TextOptions) + "\n";

    public static JsonObject Generate(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        var types = registry.TypeNames.ToList();
        var definitions = new JsonObject
        {
            ["activity"] = ActivitySchema(types),
            ["expression"] = ExpressionSchema(),
            ["literal"] = LiteralSchema(),
            ["input"] = InputSchema(),
            ["retry"] = RetrySchema(),
            ["case"] = CaseSchema(),
            ["connection"] = ConnectionSchema(),
        };

        foreach (var type in types)
        {
            definitions[ActivityDefinitionKey(type)] = ActivityTypeSchema(registry.Get(type).Descriptor);
        }

        return new JsonObject
        {
            ["$schema"] = Dialect,
            ["title"] = "Messier workflow definition",
            ["description"] = "A Messier workflow definition. Generated from the activity descriptors; the loader checks more than a schema can say: unique ids, Flowchart connections and expression syntax.",
            ["type"] = "object",
            ["required"] = Strings("name", "root"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["$schema"] = Described(new JsonObject { ["type"] = "string" }, "The JSON Schema this file follows, for editors (e.g. \"../docs/workflow.schema.json\"); the loader ignores it."),
                ["name"] = Described(new JsonObject { ["type"] = "string", ["pattern"] = NamePattern }, "The name the workflow is run by: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 100 characters."),
                ["description"] = Described(new JsonObject { ["type"] = "string" }, "What the workflow does, for people."),
                ["inputs"] = Described(
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["propertyNames"] = new JsonObject { ["pattern"] = IdentifierPattern },
                        ["additionalProperties"] = new JsonObject { ["$ref"] = "#/$defs/input" },
                    },
                    "The inputs the workflow takes, by name (a JavaScript identifier, read as input.NAME in expressions)."),
                ["variables"] = Described(
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["propertyNames"] = new JsonObject { ["pattern"] = IdentifierPattern },
                        ["additionalProperties"] = new JsonObject { ["$ref"] = LiteralRef },
                    },
                    "Workflow variables and their initial literal values, by name (read as vars.NAME; set with SetVariable)."),
                ["outputs"] = Described(
                    new JsonObject { ["type"] = "object" },
                    "The workflow's outputs by name: literal values or expressions, evaluated when the workflow finishes."),
                ["timeoutSeconds"] = Described(
                    new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 },
                    "A time limit for the whole run, in seconds; when it passes, the instance faults."),
                ["root"] = Described(new JsonObject { ["$ref"] = ActivityRef }, "The activity the workflow runs, usually a Sequence or a Flowchart."),
            },
            ["$defs"] = definitions,
        };
    }

    /// <summary>
    /// Any activity: the type picks the schema of that type. if/then per type (rather than oneOf)
    /// lets editors report the one relevant mismatch instead of one per activity type.
    /// </summary>
    private static JsonObject ActivitySchema(IReadOnlyList<string> types)
    {
        var branches = new JsonArray();
        foreach (var type in types)
        {
            branches.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = type } },
                    ["required"] = Strings("type"),
                },
                ["then"] = new JsonObject { ["$ref"] = "#/$defs/" + ActivityDefinitionKey(type) },
            });
        }

        return new JsonObject
        {
            ["description"] = "An activity: its 'type' says which properties it takes.",
            ["type"] = "object",
            ["required"] = Strings("type"),
            ["properties"] = new JsonObject
            {
                ["type"] = Described(new JsonObject { ["enum"] = Strings([.. types]) }, "The activity type."),
            },
            ["allOf"] = branches,
        };
    }

    private static JsonObject ActivityTypeSchema(ActivityDescriptor descriptor)
    {
        var properties = new JsonObject
        {
            ["type"] = new JsonObject { ["const"] = descriptor.Type },
            ["id"] = Described(
                new JsonObject { ["type"] = "string", ["pattern"] = ActivityIdPattern },
                "Unique in the definition; Flowchart connections and steps.ID refer to it. Letters, digits, '_', '.' or '-', starting with a letter or '_'. Without one, the activity gets '@' and its JSON path."),
            ["displayName"] = Described(new JsonObject { ["type"] = "string" }, "A name for people, shown instead of the id."),
            ["description"] = Described(new JsonObject { ["type"] = "string" }, "What this activity is for, for people."),
            ["retry"] = Described(new JsonObject { ["$ref"] = "#/$defs/retry" }, "How a failing step is tried again; only steps (activities that touch the host, such as Run) use it."),
        };

        var required = Strings("type");
        foreach (var property in descriptor.Properties)
        {
            properties[property.Name] = PropertySchema(property);
            if (property.Required)
            {
                required.Add(property.Name);
            }
        }

        var outcomes = descriptor.Outcomes.Count == 0
            ? "It ends the workflow and has no outcome."
            : $"Outcomes: {string.Join(", ", descriptor.Outcomes)}{(descriptor.DynamicOutcomes ? " and its case labels" : string.Empty)}.";
        return new JsonObject
        {
            ["title"] = descriptor.Type,
            ["description"] = $"{descriptor.Description} {outcomes}",
            ["type"] = "object",
            ["required"] = required,
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    private static JsonObject PropertySchema(PropertyDescriptor property)
    {
        var schema = property.Kind switch
        {
            PropertyKind.Activity => new JsonObject { ["$ref"] = ActivityRef },
            PropertyKind.Activities => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = ActivityRef } },
            PropertyKind.Cases => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/case" } },
            PropertyKind.Connections => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/connection" } },
            _ => ValueSchema(property),
        };

        Described(schema, property.Description);
        if (property.Default is { } defaultValue)
        {
            schema["default"] = defaultValue.DeepClone();
        }

        return schema;
    }

    private static JsonObject ValueSchema(PropertyDescriptor property)
    {
        var literal = LiteralTypeSchema(property.Type);
        if (property.AllowedValues is { } allowed)
        {
            literal["enum"] = Strings([.. allowed]);
        }

        if (property.ItemType is { } itemType)
        {
            literal["items"] = property.AllowExpression ? OrExpression(LiteralTypeSchema(itemType)) : LiteralTypeSchema(itemType);
        }

        if (!property.AllowExpression)
        {
            // The loader refuses an expression anywhere inside such a value, not only at its top.
            return property.Type is DataType.String or DataType.Integer or DataType.Number or DataType.Boolean
                ? literal
                : new JsonObject { ["allOf"] = new JsonArray(literal, new JsonObject { ["$ref"] = LiteralRef }) };
        }

        var schema = property.Type switch
        {
            // An expression is itself an object, and "any" takes anything: an alternative would add nothing.
            DataType.Any or DataType.Object => literal,
            _ => OrExpression(literal),
        };

        if (property.Required && property.Type == DataType.Any)
        {
            // The loader treats a null as a missing property, so a required one cannot be null.
            schema["not"] = new JsonObject { ["type"] = "null" };
        }

        return schema;
    }

    private static JsonObject OrExpression(JsonObject literal) =>
        new() { ["anyOf"] = new JsonArray(literal, new JsonObject { ["$ref"] = ExpressionRef }) };

    private static JsonObject LiteralTypeSchema(DataType type) =>
        type == DataType.Any ? [] : new JsonObject { ["type"] = type.ToName() };

    /// <summary>Exactly what <see cref="ExpressionSyntax.IsExpression"/> recognises: an object whose only key is a string <c>js</c>.</summary>
    private static JsonObject ExpressionSchema() => new()
    {
        ["description"] = "An expression: JavaScript (Jint, strict mode) seeing input, vars and steps; its value replaces this object.",
        ["type"] = "object",
        ["required"] = Strings(ExpressionSyntax.JavaScriptKey),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            [ExpressionSyntax.JavaScriptKey] = Described(new JsonObject { ["type"] = "string" }, "The JavaScript code, e.g. \"input.pool + '/docker'\"."),
        },
    };

    /// <summary>A value with no expression anywhere inside, for what is needed before anything runs.</summary>
    private static JsonObject LiteralSchema() => new()
    {
        ["description"] = "A literal JSON value: no expression {\"js\": ...} anywhere inside it.",
        ["not"] = new JsonObject { ["$ref"] = ExpressionRef },
        ["items"] = new JsonObject { ["$ref"] = LiteralRef },
        ["additionalProperties"] = new JsonObject { ["$ref"] = LiteralRef },
    };

    private static JsonObject InputSchema()
    {
        var rules = new JsonArray
        {
            new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["required"] = new JsonObject { ["const"] = true } },
                    ["required"] = Strings("required"),
                },
                ["then"] = new JsonObject { ["not"] = new JsonObject { ["required"] = Strings("default") } },
            },

            // An input without a type is a string, so its default must be one too.
            new JsonObject
            {
                ["if"] = new JsonObject { ["not"] = new JsonObject { ["required"] = Strings("type") } },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["default"] = LiteralTypeSchema(DataType.String) } },
            },
        };

        foreach (var type in Enum.GetValues<DataType>().Where(t => t != DataType.Any))
        {
            rules.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = type.ToName() } },
                    ["required"] = Strings("type"),
                },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["default"] = LiteralTypeSchema(type) } },
            });
        }

        return new JsonObject
        {
            ["description"] = "A workflow input: typed, and either required or given a default (neither: it is null when not given).",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["type"] = Described(
                    new JsonObject { ["enum"] = Strings([.. DataTypes.Names]), ["default"] = DataType.String.ToName() },
                    "The input's type; on the command line, string is taken as is, integer, number and boolean are parsed, array and object are JSON."),
                ["required"] = Described(new JsonObject { ["type"] = "boolean", ["default"] = false }, "Whether the input must be given; a required input has no default."),
                ["default"] = Described(new JsonObject { ["$ref"] = LiteralRef }, "The value when the input is not given: a literal of the input's type."),
                ["description"] = Described(new JsonObject { ["type"] = "string" }, "What the input is for; shown when it is missing."),
            },
            ["allOf"] = rules,
        };
    }

    private static JsonObject RetrySchema() => new()
    {
        ["description"] = "How often a failing step is tried and how long to wait between tries; the wait grows by backoffMultiplier up to maxDelaySeconds. Only steps (activities that touch the host, such as Run) are retried.",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["attempts"] = Bounded("integer", 1, 100, 1, "How many times the step is tried in all (1 = no retry)."),
            ["delaySeconds"] = Bounded("number", 0, 86_400, 1, "The wait before the first retry, in seconds."),
            ["backoffMultiplier"] = Bounded("number", 1, 100, 2, "Each further wait is the previous one times this."),
            ["maxDelaySeconds"] = Bounded("number", 0, 86_400, 300, "The longest wait between tries, in seconds."),
        },
    };

    private static JsonObject CaseSchema() => new()
    {
        ["description"] = "A Switch case: when its condition holds, its activity runs and its label becomes the Switch's outcome.",
        ["type"] = "object",
        ["required"] = Strings("label", "condition"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["label"] = Described(
                new JsonObject
                {
                    ["type"] = "string",
                    ["minLength"] = 1,
                    ["not"] = new JsonObject { ["const"] = SwitchActivity.DefaultOutcome },
                },
                $"The case's name and the Switch's outcome when it matches; unique within the Switch, and not '{SwitchActivity.DefaultOutcome}'."),
            ["condition"] = Described([], "A boolean or an expression {\"js\": ...}; JavaScript truthiness applies."),
            ["activity"] = Described(new JsonObject { ["$ref"] = ActivityRef }, "Runs when the case matches; optional."),
        },
    };

    private static JsonObject ConnectionSchema() => new()
    {
        ["description"] = "A Flowchart edge: when 'from' ends with 'outcome', 'to' runs.",
        ["type"] = "object",
        ["required"] = Strings("from", "to"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["from"] = Described(new JsonObject { ["type"] = "string" }, "The id of an activity of this Flowchart."),
            ["outcome"] = Described(
                new JsonObject { ["type"] = "string", ["minLength"] = 1, ["default"] = ActivityDescriptor.Done },
                "An outcome of the 'from' activity, e.g. Done, True, False, Approved, or a Switch case label."),
            ["to"] = Described(new JsonObject { ["type"] = "string" }, "The id of the activity of this Flowchart that runs next."),
        },
    };

    private static JsonObject Bounded(string type, double minimum, double maximum, double fallback, string description) =>
        Described(
            new JsonObject { ["type"] = type, ["minimum"] = minimum, ["maximum"] = maximum, ["default"] = fallback },
            description);

    /// <summary>Puts the description first, where a person reading the file looks for it.</summary>
    private static JsonObject Described(JsonObject schema, string description)
    {
        schema.Insert(0, "description", description);
        return schema;
    }

    private static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
