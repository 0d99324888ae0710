using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Host;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>
/// The JSON Schema is generated from the activity descriptors; these tests keep the checked-in
/// copy current and check that the schema says what the loader enforces.
/// </summary>
public sealed class DefinitionSchemaTests
{
    private const string SchemaFile = "docs/workflow.schema.json";

    private static readonly string[] CommonActivityKeys = ["type", "id", "displayName", "description", "retry"];

    // The documents cover every activity messier ships, the host ones included.
    private static readonly ActivityRegistry Registry = ActivityRegistry.CreateDefault().AddHostActivities();

    private static readonly JsonObject Schema = DefinitionSchema.Generate(Registry);

    private static readonly SchemaSubsetValidator Validator = new(Schema);

    private static readonly JsonDocumentOptions LoaderLikeOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [Fact]
    public void CheckedInSchemaMatchesTheDescriptors()
    {
        RepositoryFiles.AssertUpToDate(SchemaFile, DefinitionSchema.GenerateText(Registry));
    }

    [Fact]
    public void TextIsIndentedWithUnixNewlinesAndATrailingNewline()
    {
        var text = DefinitionSchema.GenerateText(Registry);

        Assert.StartsWith("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", text, StringComparison.Ordinal);
        Assert.Equal(text, DefinitionSchema.GenerateText(Registry));
        Assert.True(JsonNode.DeepEquals(Schema, JsonNode.Parse(text)));
    }

    [Fact]
    public void TopLevelListsTheLoadersKeys()
    {
        Assert.Equal(DefinitionSchema.Dialect, Schema["$schema"]!.GetValue<string>());
        Assert.Equal(
            ["$schema", "name", "description", "inputs", "variables", "outputs", "timeoutSeconds", "root"],
            Keys(Schema["properties"]));
        Assert.Equal(["name", "root"], Strings(Schema["required"]));
        Assert.False(Schema["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("#/$defs/activity", Schema["properties"]!["root"]!["$ref"]!.GetValue<string>());
        Assert.Equal(DataTypes.Names, Strings(Definition("input")["properties"]!["type"]!["enum"]));
    }

    [Fact]
    public void EveryRegisteredActivityTypeHasItsPropertiesAndRequiredList()
    {
        Assert.Equal(Registry.TypeNames, Strings(Definition("activity")["properties"]!["type"]!["enum"]));

        foreach (var activity in Registry.All)
        {
            var descriptor = activity.Descriptor;
            var schema = Definition(DefinitionSchema.ActivityDefinitionKey(descriptor.Type));

            Assert.Equal(descriptor.Type, schema["properties"]!["type"]!["const"]!.GetValue<string>());
            var commonKeys = activity is IStepActivity ? CommonActivityKeys : CommonActivityKeys.Where(k => k != "retry");
            Assert.Equal(commonKeys.Concat(descriptor.Properties.Select(p => p.Name)), Keys(schema["properties"]));
            Assert.Equal(["type", .. descriptor.Properties.Where(p => p.Required).Select(p => p.Name)], Strings(schema["required"]));
            Assert.False(schema["additionalProperties"]!.GetValue<bool>());
            Assert.StartsWith(descriptor.Description, schema["description"]!.GetValue<string>(), StringComparison.Ordinal);
            foreach (var property in descriptor.Properties)
            {
                var propertySchema = schema["properties"]![property.Name]!;
                Assert.Equal(property.Description, propertySchema["description"]!.GetValue<string>());
                Assert.True(JsonNode.DeepEquals(property.Default, propertySchema["default"]), $"{descriptor.Type}.{property.Name}: default");
            }
        }
    }

    [Fact]
    public void EveryActivityTypeIsSelectedByItsTypeName()
    {
        var branches = Definition("activity")["allOf"]!.AsArray();

        Assert.Equal(Registry.TypeNames, branches.Select(b => b!["if"]!["properties"]!["type"]!["const"]!.GetValue<string>()));
        Assert.All(branches, b => Assert.Equal(
            "#/$defs/" + DefinitionSchema.ActivityDefinitionKey(b!["if"]!["properties"]!["type"]!["const"]!.GetValue<string>()),
            b!["then"]!["$ref"]!.GetValue<string>()));
    }

    [Fact]
    public void PropertyKindsMapToTheirShapes()
    {
        // Value of an array of strings: literal items or expressions, or one expression for all.
        var argv = Property("Run", "argv");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/expression"}]}}, {"$ref": "#/$defs/expression"}]"""),
            argv["anyOf"]));

        // Allowed values become an enum; literal-only properties have no expression alternative.
        Assert.Equal(["info", "warning", "error"], Strings(Property("Log", "level")["anyOf"]![0]!["enum"]));
        Assert.Equal("string", Property("SetVariable", "name")["type"]!.GetValue<string>());
        Assert.Null(Property("SetVariable", "name")["anyOf"]);
        Assert.Equal("#/$defs/activity", Property("If", "then")["$ref"]!.GetValue<string>());
        Assert.Equal("#/$defs/activity", Property("Sequence", "activities")["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/$defs/case", Property("Switch", "cases")["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/$defs/connection", Property("Flowchart", "connections")["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["label", "condition"], Strings(Definition("case")["required"]));
        Assert.Equal(["from", "to"], Strings(Definition("connection")["required"]));
    }

    [Fact]
    public void ExpressionDefinitionIsASingleJsKeyWithAString()
    {
        Assert.Empty(Validator.Validate(JsonNode.Parse("""{"name": "e", "root": {"type": "Log", "message": "x", "level": {"js": "'info'"}}}""")));
        Assert.NotEmpty(Validator.Validate(JsonNode.Parse("""{"name": "e", "root": {"type": "Log", "message": "x", "level": {"js": "'info'", "x": 1}}}""")));
        Assert.NotEmpty(Validator.Validate(JsonNode.Parse("""{"name": "e", "root": {"type": "Log", "message": "x", "level": {"javascript": "'info'"}}}""")));
    }

    [Theory]
    [InlineData("setup-host")]
    [InlineData("a")]
    [InlineData("0day")]
    [InlineData("zfs.docker_v2-final")]
    [InlineData("Setup")]
    [InlineData("-lead")]
    [InlineData("_lead")]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("héllo")]
    [InlineData("setup-host\n")]
    public void NamePatternAgreesWithTheLoader(string name)
    {
        var json = new JsonObject { ["name"] = name, ["root"] = new JsonObject { ["type"] = "Sequence", ["activities"] = new JsonArray() } };

        AssertAgree(json.ToJsonString());
    }

    [Fact]
    public void NameLengthLimitAgreesWithTheLoader()
    {
        AssertAgree($$$"""{"name": "{{{new string('a', 100)}}}", "root": {"type": "Sequence", "activities": []}}""");
        AssertAgree($$$"""{"name": "{{{new string('a', 101)}}}", "root": {"type": "Sequence", "activities": []}}""");
    }

    [Theory]
    [InlineData("pool")]
    [InlineData("_private")]
    [InlineData("pool2")]
    [InlineData("pool-name")]
    [InlineData("2nd")]
    [InlineData("a.b")]
    [InlineData("$x")]
    [InlineData("pool\n")]
    public void InputAndVariableNamePatternAgreesWithTheLoader(string name)
    {
        var inputs = new JsonObject { [name] = new JsonObject { ["type"] = "string" } };
        var variables = new JsonObject { [name] = 1 };
        var root = new JsonObject { ["type"] = "Sequence", ["activities"] = new JsonArray() };

        AssertAgree(new JsonObject { ["name"] = "n", ["inputs"] = inputs, ["root"] = root.DeepClone() }.ToJsonString());
        AssertAgree(new JsonObject { ["name"] = "n", ["variables"] = variables, ["root"] = root }.ToJsonString());
    }

    [Theory]
    [InlineData("create")]
    [InlineData("_x")]
    [InlineData("step-1.a_b")]
    [InlineData("1st")]
    [InlineData("@root")]
    [InlineData("-x")]
    [InlineData("has space")]
    [InlineData("create\n")]
    public void ActivityIdPatternAgreesWithTheLoader(string id)
    {
        var json = new JsonObject
        {
            ["name"] = "n",
            ["root"] = new JsonObject { ["type"] = "Log", ["id"] = id, ["message"] = "m" },
        };

        AssertAgree(json.ToJsonString());
    }

    [Fact]
    public void PatternsAreEcmaRegexesAnchoredAtBothEnds()
    {
        // Editors run schema patterns as ECMA-262 regexes: '\z' and '\A' mean nothing there, and '$' already ends the input.
        var patterns = Descendants(Schema).OfType<JsonObject>().Select(o => o["pattern"]).OfType<JsonValue>().Select(p => p.GetValue<string>()).ToList();

        Assert.NotEmpty(patterns);
        Assert.All(patterns, pattern =>
        {
            Assert.StartsWith("^", pattern, StringComparison.Ordinal);
            Assert.EndsWith("$", pattern, StringComparison.Ordinal);
            Assert.DoesNotContain("\\z", pattern, StringComparison.Ordinal);
            Assert.DoesNotContain("\\Z", pattern, StringComparison.Ordinal);
            Assert.DoesNotContain("\\A", pattern, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("attempts")]
    [InlineData("delaySeconds")]
    [InlineData("backoffMultiplier")]
    [InlineData("maxDelaySeconds")]
    public void RetryBoundsAgreeWithTheLoader(string key)
    {
        var bounds = Definition("retry")["properties"]![key]!;
        var minimum = bounds["minimum"]!.GetValue<double>();
        var maximum = bounds["maximum"]!.GetValue<double>();
        var step = bounds["type"]!.GetValue<string>() == "integer" ? 1 : 0.5;

        foreach (var value in new[] { minimum - step, minimum, maximum, maximum + step })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            var json = $$"""{"name": "r", "root": {"type": "Run", "argv": ["true"], "retry": {"{{key}}": {{text}}} } }""";
            Assert.Equal(value >= minimum && value <= maximum, LoadAssert.Loader.Load(json, null).IsValid);
            AssertAgree(json);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    [InlineData(-3, false)]
    public void ParallelismBoundsAgreeWithTheLoader(int parallelism, bool valid)
    {
        var json = $$"""{"name": "p", "root": {"type": "ForEach", "items": [1], "parallelism": {{parallelism}}, "body": {"type": "Log", "message": "m"} } }""";

        Assert.Equal(valid, LoadAssert.Loader.Load(json, null).IsValid);
        Assert.Equal(1, Property("ForEach", "parallelism")["anyOf"]![0]!["minimum"]!.GetValue<double>());
        Assert.Equal(1024, Property("ForEach", "parallelism")["anyOf"]![0]!["maximum"]!.GetValue<double>());
        AssertAgree(json);
    }

    [Theory]
    [InlineData("""{"name": "ok", "root": {"type": "Sequence", "activities": []}}""")]
    [InlineData("""{"name": "ok", "timeoutSeconds": 0.5, "root": {"type": "Approve", "message": "go?"}}""")]
    [InlineData("""{"name": "ok", "inputs": {"n": {"type": "integer", "default": 3}, "x": {"type": "any", "default": null}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "ok", "inputs": {"n": {"type": "array", "required": false, "default": [1]}}, "root": {"type": "Fail", "message": "no"}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "ForEach", "items": {"js": "[1]"}, "parallelism": {"js": "2"}, "body": {"type": "Log", "message": 5}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "Run", "argv": [{"js": "'ls'"}], "acceptExitCodes": [0, {"js": "1"}], "env": {"A": "b"}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "SetVariable", "name": "x", "value": {"js": "null"}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "SetVariable", "name": "x", "value": null}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "Log", "message": null}}""")]
    [InlineData("""{"name": "ok", "outputs": {"a": {"js": "1"}, "b": [{"c": {"js": "2"}}]}, "root": {"type": "Finish", "outputs": {"x": {"y": {"js": "3"}}}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "SetVariable", "name": "v", "value": {"javascript": 1, "list": [{"js2": 1}]}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "ForEach", "items": [1], "variable": "disk", "indexVariable": "_i2", "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "If", "condition": false, "else": {"type": "Switch", "cases": [{"label": "a", "condition": true}]}}}""")]
    [InlineData("""{"name": "ok", "root": {"type": "Switch", "cases": [{"label": "a", "condition": {"js": "true"}, "activity": {"type": "Log", "message": "a"}}], "default": {"type": "Log", "message": "d"}}}""")]
    [InlineData("""{"name": "ok", "outputs": {"a": 1, "b": {"js": "vars"}}, "variables": {"list": [1, {"a": null}]}, "root": {"type": "Sequence", "activities": []}}""")]
    public void ValidDefinitionsAreValidForBoth(string json)
    {
        Assert.True(LoadAssert.Loader.Load(json, null).IsValid, string.Join("\n", LoadAssert.Loader.Load(json, null).Errors));
        AssertAgree(json);
    }

    [Theory]
    [InlineData("""["not an object"]""")]
    [InlineData("""{"root": {"type": "Sequence", "activities": []}}""")]
    [InlineData("""{"name": "x"}""")]
    [InlineData("""{"name": "x", "extra": 1, "root": {"type": "Sequence", "activities": []}}""")]
    [InlineData("""{"name": "x", "timeoutSeconds": 0, "root": {"type": "Sequence", "activities": []}}""")]
    [InlineData("""{"name": "x", "timeoutSeconds": "60", "root": {"type": "Sequence", "activities": []}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Sequnce", "activities": []}}""")]
    [InlineData("""{"name": "x", "root": {"activities": []}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["ls"], "obsreve": ["true"]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [1]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [1], "parallelism": "two", "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [1], "parallelism": 1.5, "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["zpool", 5]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": "zpool list"}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Log", "message": "m", "level": "debug"}}""")]
    [InlineData("""{"name": "x", "root": {"type": "SetVariable", "name": {"js": "'v'"}, "value": 1}}""")]
    [InlineData("""{"name": "x", "root": {"type": "SetVariable", "name": "v"}}""")]
    [InlineData("""{"name": "x", "root": {"type": "SetVariable", "name": null, "value": 1}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["ls"], "cwd": null}}""")]
    [InlineData("""{"name": "x", "root": {"type": "If", "condition": {"js": "true"}, "else": null}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Sequence", "activities": null}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Flowchart", "start": {"js": "'a'"}, "activities": [{"type": "Log", "id": "a", "message": "m"}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Flowchart", "activities": [], "connections": [{"from": "a"}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Flowchart", "activities": [], "connections": [{"from": "a", "to": "b", "when": "Done"}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Switch", "cases": [{"label": "Default", "condition": true}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Switch", "cases": [{"label": "", "condition": true}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Switch", "cases": [{"label": "a"}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Switch", "cases": [{"label": "a", "condition": "false"}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "If", "condition": "false"}}""")]
    [InlineData("""{"name": "x", "root": {"type": "If", "condition": 1}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["env"], "env": {"A": 1}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["env"], "env": {"A": null}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Log", "message": {"js": 5}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Log", "message": "m", "retry": {"attempts": 2}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Sequence", "activities": [], "retry": {}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Log", "message": [{"nested": {"js": "1", "x": 2}}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [{"js": true}], "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Finish", "outputs": {"a": {"js": "1", "b": 2}}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["ls", {"js": 1}]}}""")]
    [InlineData("""{"name": "x", "root": {"type": "If", "condition": {"js": false}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Switch", "cases": [{"label": "a", "condition": {"js": "1", "x": 1}}]}}""")]
    [InlineData("""{"name": "x", "outputs": {"a": {"js": 1}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "variables": {"v": {"js": 1}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "object", "default": {"js": 1}}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [1], "variable": "a-b", "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "ForEach", "items": [1], "indexVariable": "i\n", "body": {"type": "Log", "message": "m"}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Sequence", "displayName": 5, "activities": []}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["ls"], "retry": {"attempts": 0}}}""")]
    [InlineData("""{"name": "x", "root": {"type": "Run", "argv": ["ls"], "retry": {"tries": 2}}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "string", "required": true, "default": "tank"}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "integer", "default": "10"}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"default": 10}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "int"}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "object", "default": {"js": "({})"}}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": {"p": {"type": "string", "secret": true}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "variables": {"v": {"js": "1"}}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "variables": {"v": [{"deep": {"js": "1"}}]}, "root": {"type": "Finish"}}""")]
    [InlineData("""{"name": "x", "inputs": [], "root": {"type": "Finish"}}""")]
    public void CommonMistakesAreRefusedByBoth(string json)
    {
        Assert.False(LoadAssert.Loader.Load(json, null).IsValid);
        AssertAgree(json);
    }

    [Fact]
    public void TheSampleFlowIsValidForTheSchema()
    {
        Assert.Empty(Validator.Validate(JsonNode.Parse(DefinitionLoaderTests.Sample)));
    }

    [Fact]
    public void EveryCheckedInDefinitionLoadsAndFitsTheSchema()
    {
        // The flows people run must open cleanly in an editor that follows the schema they name.
        var files = new[] { "samples", "workflows" }
            .Select(RepositoryFiles.PathOf)
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json"))
            .Where(f => JsonNode.Parse(File.ReadAllText(f), documentOptions: LoaderLikeOptions) is JsonObject o && o.ContainsKey("root"))
            .ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var loaded = new DefinitionLoader(Registry).LoadFile(file);
            Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
            var errors = Validator.Validate(JsonNode.Parse(File.ReadAllText(file), documentOptions: LoaderLikeOptions));
            Assert.True(errors.Count == 0, $"{file} does not fit the schema:\n{string.Join("\n", errors)}");
        }
    }

    /// <summary>The schema accepts exactly when the loader does (for what a schema can express).</summary>
    private static void AssertAgree(string json)
    {
        var loaded = LoadAssert.Loader.Load(json, null);
        var schemaErrors = Validator.Validate(JsonNode.Parse(json));
        Assert.True(
            loaded.IsValid == (schemaErrors.Count == 0),
            $"loader says {(loaded.IsValid ? "valid" : "invalid")}, schema says {(schemaErrors.Count == 0 ? "valid" : "invalid")} for {json}\n"
            + $"loader: {string.Join("; ", loaded.Errors.Select(e => e.Message))}\nschema: {string.Join("; ", schemaErrors)}");
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };

        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static JsonObject Definition(string name) => Schema["$defs"]![name]!.AsObject();

    private static JsonObject Property(string activityType, string property) =>
        Definition(DefinitionSchema.ActivityDefinitionKey(activityType))["properties"]![property]!.AsObject();

    private static IEnumerable<string> Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key);

    private static IEnumerable<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>());
}
