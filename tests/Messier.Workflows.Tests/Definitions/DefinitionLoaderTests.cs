using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using static Messier.Workflows.Tests.Definitions.LoadAssert;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>What a valid definition loads into: names, inputs, ids, retry policies and connections.</summary>
public sealed class DefinitionLoaderTests
{
    /// <summary>A flow in the shape users write: a Flowchart of ensure steps, branches and a Switch.</summary>
    internal const string Sample = """
        {
          "$schema": "../docs/workflow.schema.json",
          "name": "make-dataset",
          "description": "Creates a dataset unless it is there, then reports.",
          "inputs": {
            "pool": {"type": "string", "required": true, "description": "The pool to create it in."},
            "dataset": {"type": "string", "default": "data"},
            "force": {"type": "boolean", "default": false}
          },
          "variables": {"created": false},
          "outputs": {"dataset": {"js": "input.pool + '/' + input.dataset"}},
          "timeoutSeconds": 600,
          "root": {
            "type": "Flowchart",
            "activities": [
              {
                "type": "Run",
                "id": "create",
                "displayName": "Create the dataset",
                "argv": ["zfs", "create", {"js": "input.pool + '/' + input.dataset"}],
                "observe": ["zfs", "list", "-H", {"js": "input.pool + '/' + input.dataset"}],
                "retry": {"attempts": 3, "delaySeconds": 2}
              },
              {
                "type": "If",
                "id": "check",
                "condition": {"js": "steps.create.exitCode === 0"},
                "then": {"type": "SetVariable", "name": "created", "value": true}
              },
              {
                "type": "Switch",
                "id": "route",
                "cases": [
                  {"label": "forced", "condition": {"js": "input.force"}, "activity": {"type": "Log", "message": "forced"}}
                ],
                "default": {"type": "Log", "message": "as usual", "level": "info"}
              },
              {"type": "Log", "id": "done", "message": {"js": "`created ${vars.created}`"}}
            ],
            "connections": [
              {"from": "create", "to": "check"},
              {"from": "check", "outcome": "True", "to": "route"},
              {"from": "check", "outcome": "False", "to": "done"},
              {"from": "route", "outcome": "forced", "to": "done"},
              {"from": "route", "outcome": "Default", "to": "done"}
            ]
          }
        }
        """;

    [Fact]
    public void SampleLoadsWithItsIdsAndGeneratedIds()
    {
        var definition = Valid(Sample);

        Assert.Equal("make-dataset", definition.Name);
        Assert.Equal(SourceFile, definition.SourcePath);
        Assert.Equal(
            ["@root", "@root.activities[1].then", "@root.activities[2].cases[0].activity", "@root.activities[2].default", "check", "create", "done", "route"],
            definition.AllNodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal("Flowchart", definition.Root.Type);
        Assert.Equal("$.root", definition.Root.Path);
        Assert.Equal("SetVariable", definition.GetNode("@root.activities[1].then").Type);
        Assert.Equal("$.root.activities[2].cases[0].activity", definition.GetNode("@root.activities[2].cases[0].activity").Path);
        Assert.Equal("Create the dataset", definition.GetNode("create").DisplayName);
    }

    [Fact]
    public void SampleKeepsItsInputsVariablesOutputsAndTimeout()
    {
        var definition = Valid(Sample);

        Assert.Collection(
            definition.Inputs,
            pool =>
            {
                Assert.Equal(new InputDefinition("pool", DataType.String, true, null, "The pool to create it in."), pool);
            },
            dataset =>
            {
                Assert.Equal(("dataset", DataType.String, false), (dataset.Name, dataset.Type, dataset.Required));
                Assert.Equal("\"data\"", dataset.Default!.ToJsonString());
            },
            force =>
            {
                Assert.Equal(DataType.Boolean, force.Type);
                Assert.Equal("false", force.Default!.ToJsonString());
            });
        Assert.Equal("false", definition.Variables["created"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"js": "input.pool + '/' + input.dataset"}"""), definition.Outputs["dataset"]));
        Assert.Equal(TimeSpan.FromMinutes(10), definition.Timeout);
        Assert.Equal(Sample, definition.Json);
        Assert.Equal(DefinitionLoader.ComputeHash(Sample), definition.Hash);
    }

    [Fact]
    public void SampleKeepsRetryPoliciesConnectionsAndCases()
    {
        var definition = Valid(Sample);

        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(300)), definition.GetNode("create").Retry);
        Assert.Equal(RetryPolicy.None, definition.GetNode("done").Retry);
        Assert.Equal(
            [("create", "Done", "check"), ("check", "True", "route"), ("check", "False", "done"), ("route", "forced", "done"), ("route", "Default", "done")],
            definition.Root.Connections.Select(c => (c.From, c.Outcome, c.To)));
        var route = definition.GetNode("route");
        var forced = Assert.Single(route.Cases);
        Assert.Equal("forced", forced.Label);
        Assert.Equal("$.root.activities[2].cases[0]", forced.Path);
        Assert.Equal("Log", forced.Activity!.Type);
        Assert.Equal("Log", Assert.Single(route.Slot("default")).Type);
    }

    [Fact]
    public void ValuePropertiesAreKeptAsWrittenWithTheirExpressions()
    {
        var create = Valid(Sample).GetNode("create");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["zfs", "create", {"js": "input.pool + '/' + input.dataset"}]"""), create.Properties["argv"]));
        Assert.False(create.Properties.ContainsKey("acceptExitCodes"));
    }

    [Fact]
    public void CommentsAndTrailingCommasAreAccepted()
    {
        const string json = """
            // Definitions are written by people: comments and trailing commas are fine.
            {
              "name": "commented", /* inline too */
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Log", "message": "hello",},
                ],
              },
            }
            """;

        var definition = Valid(json);

        Assert.Equal(["@root", "@root.activities[0]"], definition.AllNodes.Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RetryDefaultsFillWhatIsNotGiven()
    {
        var definition = Valid("""{"name": "r", "root": {"type": "Run", "argv": ["true"], "retry": {"attempts": 5, "delaySeconds": 10, "maxDelaySeconds": 5}}}""");

        // A maximum below the first delay would make the first retry wait less than asked; the delay wins.
        Assert.Equal(new RetryPolicy(5, TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(10)), definition.Root.Retry);
    }

    [Fact]
    public void InputWithoutTypeIsAStringAndOptional()
    {
        var definition = Valid("""{"name": "i", "inputs": {"note": {}}, "root": {"type": "Sequence", "activities": []}}""");

        Assert.Equal(new InputDefinition("note", DataType.String, false, null, null), Assert.Single(definition.Inputs));
    }

    [Fact]
    public void PlainStringsThatLookLikeTemplatesStayLiteral()
    {
        var definition = Valid("""{"name": "t", "root": {"type": "Run", "argv": ["sh", "-c", "echo $(hostname) ${HOME}"]}}""");

        Assert.Equal("echo $(hostname) ${HOME}", definition.Root.Properties["argv"]![2]!.GetValue<string>());
    }

    [Fact]
    public void ForEachBodySeesLoopVariablesAndDefaultsAreNotStored()
    {
        var definition = Valid("""
            {
              "name": "loop",
              "root": {
                "type": "ForEach",
                "items": {"js": "['a', 'b']"},
                "variable": "disk",
                "body": {"type": "Log", "message": {"js": "vars.disk + ' #' + vars.index"}}
              }
            }
            """);

        Assert.Equal("\"disk\"", definition.Root.Properties["variable"]!.ToJsonString());
        Assert.False(definition.Root.Properties.ContainsKey("parallelism"));
        Assert.Equal("@root.body", Assert.Single(definition.Root.Slot("body")).Id);
    }

    [Fact]
    public void LoadingTheSameTextTwiceGivesTheSameHash()
    {
        var first = Valid(Sample);
        var second = Loader.Load(Sample, "elsewhere.json").Definition!;

        Assert.Equal(first.Hash, second.Hash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
        Assert.NotEqual(first.Hash, DefinitionLoader.ComputeHash(Sample + " "));
    }

    [Fact]
    public void ExpressionValuesCanStandInsideObjects()
    {
        var definition = Valid("""{"name": "o", "root": {"type": "Run", "argv": ["env"], "env": {"POOL": {"js": "'tank'"}, "MODE": "fast"}}}""");

        Assert.IsType<JsonObject>(definition.Root.Properties["env"]);
    }
}
