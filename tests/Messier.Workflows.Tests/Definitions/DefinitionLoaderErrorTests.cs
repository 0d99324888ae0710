using static Messier.Workflows.Tests.Definitions.LoadAssert;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>
/// Each broken definition must be reported where an author fixes it: the JSON path, the line and
/// column in the file, and a message that says what is wrong and what is allowed.
/// </summary>
public sealed class DefinitionLoaderErrorTests
{
    [Fact]
    public void InvalidJsonSyntaxIsReportedAtItsLineAndColumn()
    {
        const string json = """
            {
              "name": "broken",
              "root": {"type": "Sequence", "activities": [}
            }
            """;

        SingleError(json, "$", 3, 47, "not valid JSON", "'}' is an invalid start of a value");
    }

    [Fact]
    public void EmptyTextIsNotValidJson()
    {
        SingleError(string.Empty, "$", 1, 1, "not valid JSON");
    }

    [Fact]
    public void ADefinitionMustBeAnObject()
    {
        SingleError("""["setup-host"]""", "$", 1, 1, "a definition is a JSON object", "got array");
    }

    [Fact]
    public void MissingNameIsReported()
    {
        const string json = """
            {
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$", 1, 1, "missing 'name'");
    }

    [Fact]
    public void NameMustBeLowerCaseWithoutSpaces()
    {
        const string json = """
            {
              "name": "Setup Host",
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.name", 2, 3, "the name must be lower-case letters, digits", "\"Setup Host\"");
    }

    [Fact]
    public void MissingRootIsReported()
    {
        SingleError("""{"name": "empty"}""", "$", 1, 1, "missing 'root'");
    }

    [Fact]
    public void UnknownTopLevelKeyGetsASuggestion()
    {
        const string json = """
            {
              "name": "typo",
              "varaibles": {},
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.varaibles", 3, 3, "unknown property 'varaibles' for a definition", "(did you mean 'variables'?)", "allowed: $schema, name");
    }

    [Fact]
    public void UnknownActivityTypeGetsADidYouMean()
    {
        const string json = """
            {
              "name": "typo",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Sequnce", "activities": []}
                ]
              }
            }
            """;

        SingleError(
            json,
            "$.root.activities[0].type",
            6,
            8,
            "unknown activity type \"Sequnce\"",
            "(did you mean 'Sequence'?)",
            "known types: Approve, Fail, Finish, Flowchart, ForEach, If, Log, Run, Sequence, SetVariable, Switch");
    }

    [Fact]
    public void UnknownPropertyOfAnActivityGetsASuggestion()
    {
        const string json = """
            {
              "name": "typo",
              "root": {
                "type": "Run",
                "argv": ["true"],
                "obsreve": ["true"]
              }
            }
            """;

        SingleError(
            json,
            "$.root.obsreve",
            6,
            5,
            "unknown property 'obsreve' for activity type 'Run'",
            "(did you mean 'observe'?)",
            "allowed: type, id, displayName, description, retry, argv, observe");
    }

    [Fact]
    public void MissingRequiredPropertyNamesItAndSaysWhatItIs()
    {
        const string json = """
            {
              "name": "needs-body",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "ForEach", "items": [1, 2]}
                ]
              }
            }
            """;

        SingleError(json, "$.root.activities[0]", 6, 7, "activity type 'ForEach' needs 'body'", "Runs for each item.");
    }

    [Fact]
    public void WrongLiteralTypeIsReportedWithWhatWasGiven()
    {
        const string json = """
            {
              "name": "loop",
              "root": {
                "type": "ForEach",
                "items": ["a", "b"],
                "parallelism": "two",
                "body": {"type": "Log", "message": {"js": "vars.item"}}
              }
            }
            """;

        SingleError(json, "$.root.parallelism", 6, 5, "'parallelism' must be an integer (or an expression {\"js\": \"...\"})", "got string \"two\"");
    }

    [Fact]
    public void WrongItemTypeInAnArrayIsReportedAtTheItem()
    {
        const string json = """
            {
              "name": "run",
              "root": {
                "type": "Run",
                "argv": ["zpool", "list", 5, {"js": "'-H'"}]
              }
            }
            """;

        SingleError(json, "$.root.argv[2]", 5, 31, "each item of 'argv' must be a string", "got integer 5");
    }

    [Fact]
    public void ValueNotInAllowedValuesListsThem()
    {
        const string json = """
            {
              "name": "log",
              "root": {
                "type": "Log",
                "message": "hello",
                "level": "debug"
              }
            }
            """;

        SingleError(json, "$.root.level", 6, 5, "'level' must be one of info, warning, error", "got 'debug'");
    }

    [Fact]
    public void ExpressionThatDoesNotParseIsReportedAtItsCode()
    {
        const string json = """
            {
              "name": "expr",
              "root": {
                "type": "Log",
                "message": {"js": "input.pool +"}
              }
            }
            """;

        SingleError(json, "$.root.message.js", 5, 17, "the expression does not parse", "Unexpected end of input");
    }

    [Fact]
    public void ExpressionInsideAnArrayIsReportedAtItsItem()
    {
        const string json = """
            {
              "name": "expr",
              "root": {
                "type": "Run",
                "argv": [
                  "zfs",
                  {"js": "input.pool ++ 1"}
                ]
              }
            }
            """;

        SingleError(json, "$.root.argv[1].js", 7, 8, "the expression does not parse");
    }

    [Fact]
    public void ExpressionWhereALiteralIsRequiredIsRefused()
    {
        const string json = """
            {
              "name": "set",
              "variables": {"target": null},
              "root": {
                "type": "SetVariable",
                "name": {"js": "'target'"},
                "value": 1
              }
            }
            """;

        SingleError(json, "$.root.name", 6, 5, "'name' must be a literal value", "needed before anything runs");
    }

    [Fact]
    public void DuplicateActivityIdNamesBothPaths()
    {
        const string json = """
            {
              "name": "dup",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Log", "id": "hello", "message": "one"},
                  {"type": "Log", "id": "hello", "message": "two"}
                ]
              }
            }
            """;

        SingleError(json, "$.root.activities[1].id", 7, 23, "duplicate activity id 'hello'", "also used at $.root.activities[0]");
    }

    [Fact]
    public void DuplicateIdAcrossNestingLevelsIsReported()
    {
        const string json = """
            {
              "name": "dup",
              "root": {
                "type": "Switch",
                "id": "route",
                "cases": [
                  {"label": "a", "condition": true, "activity": {"type": "Log", "id": "route", "message": "x"}}
                ]
              }
            }
            """;

        SingleError(json, "$.root.cases[0].activity.id", 7, 69, "duplicate activity id 'route'", "also used at $.root;");
    }

    [Fact]
    public void DanglingConnectionsAreReportedAtTheirFromAndTo()
    {
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "activities": [
                  {"type": "Log", "id": "first", "message": "1"},
                  {"type": "Log", "id": "second", "message": "2"}
                ],
                "connections": [
                  {"from": "frist", "to": "second"},
                  {"from": "first", "to": "third"}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.connections[0].from", 10, 8, "dangling connection: no activity 'frist' in this Flowchart", "its activities are 'first', 'second'");
        Error(errors[1], "$.root.connections[1].to", 11, 25, "dangling connection: no activity 'third' in this Flowchart");
    }

    [Fact]
    public void ConnectionOnAnOutcomeTheSourceDoesNotHaveListsItsOutcomes()
    {
        // No "outcome" means Done, which an If never ends with: the error points at the connection.
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "activities": [
                  {"type": "If", "id": "check", "condition": {"js": "input.force"}},
                  {"type": "Log", "id": "next", "message": "go"}
                ],
                "connections": [
                  {"from": "check", "to": "next"},
                  {"from": "check", "outcome": "Yes", "to": "next"}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.connections[0].outcome", 10, 7, "'check' (If) has no outcome 'Done'", "its outcomes are True, False");
        Error(errors[1], "$.root.connections[1].outcome", 11, 25, "'check' (If) has no outcome 'Yes'");
    }

    [Fact]
    public void ConnectionFromAnActivityThatEndsTheWorkflowIsRefused()
    {
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "activities": [
                  {"type": "Fail", "id": "stop", "message": "no"},
                  {"type": "Log", "id": "next", "message": "go"}
                ],
                "connections": [{"from": "stop", "to": "next"}]
              }
            }
            """;

        SingleError(json, "$.root.connections[0].outcome", 9, 21, "'stop' (Fail) ends the workflow and has no outcome to connect");
    }

    [Fact]
    public void SwitchLabelsAreOutcomesAFlowchartCanConnect()
    {
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "activities": [
                  {"type": "Switch", "id": "route", "cases": [{"label": "big", "condition": true}]},
                  {"type": "Log", "id": "next", "message": "go"}
                ],
                "connections": [
                  {"from": "route", "outcome": "big", "to": "next"},
                  {"from": "route", "outcome": "Default", "to": "next"},
                  {"from": "route", "outcome": "small", "to": "next"}
                ]
              }
            }
            """;

        SingleError(json, "$.root.connections[2].outcome", 12, 25, "'route' (Switch) has no outcome 'small'", "its outcomes are Default, big");
    }

    [Fact]
    public void FlowchartStartMustNameOneOfItsActivities()
    {
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "start": "begin",
                "activities": [
                  {"type": "Log", "id": "first", "message": "1"}
                ]
              }
            }
            """;

        SingleError(json, "$.root.start", 5, 5, "no activity 'begin' in this Flowchart", "its activities are 'first'");
    }

    [Fact]
    public void SwitchRefusesDuplicateLabelsAndTheDefaultLabel()
    {
        const string json = """
            {
              "name": "switch",
              "root": {
                "type": "Switch",
                "cases": [
                  {"label": "small", "condition": {"js": "input.size < 10"}},
                  {"label": "small", "condition": true},
                  {"label": "Default", "condition": true}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.cases[1].label", 7, 8, "duplicate case label 'small'");
        Error(errors[1], "$.root.cases[2].label", 8, 8, "'Default' is the outcome when no case matches; choose another label");
    }

    [Fact]
    public void InputCannotBeBothRequiredAndDefaulted()
    {
        const string json = """
            {
              "name": "inputs",
              "inputs": {
                "pool": {"type": "string", "required": true, "default": "tank"}
              },
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.inputs.pool", 4, 5, "an input is either required or has a default, not both");
    }

    [Fact]
    public void InputDefaultMustHaveTheInputsType()
    {
        const string json = """
            {
              "name": "inputs",
              "inputs": {
                "size": {"type": "integer", "default": "10"}
              },
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.inputs.size.default", 4, 33, "the default must be of type integer, got string");
    }

    [Fact]
    public void InputDefaultMustBeALiteral()
    {
        const string json = """
            {
              "name": "inputs",
              "inputs": {
                "when": {"type": "object", "default": {"js": "Date.now()"}}
              },
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.inputs.when.default", 4, 32, "an input default must be a literal value, not an expression");
    }

    [Fact]
    public void UnknownInputTypeListsTheTypes()
    {
        const string json = """
            {
              "name": "inputs",
              "inputs": {"size": {"type": "int"}},
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.inputs.size.type", 3, 23, "unknown type \"int\"", "allowed: any, string, integer, number, boolean, array, object");
    }

    [Fact]
    public void InputAndVariableNamesMustBeIdentifiers()
    {
        const string json = """
            {
              "name": "names",
              "inputs": {
                "pool-name": {"type": "string"}
              },
              "variables": {
                "2nd": 0
              },
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.inputs.pool-name", 4, 5, "input name 'pool-name' must be a JavaScript identifier", "input.pool-name");
        Error(errors[1], "$.variables.2nd", 7, 5, "variable name '2nd' must be a JavaScript identifier");
    }

    [Fact]
    public void VariableInitialValueMustBeALiteral()
    {
        const string json = """
            {
              "name": "vars",
              "variables": {
                "started": {"js": "Date.now()"}
              },
              "root": {"type": "Sequence", "activities": []}
            }
            """;

        SingleError(json, "$.variables.started", 4, 5, "an initial value must be a literal; set computed values with SetVariable");
    }

    [Fact]
    public void RetryOutOfRangeIsReportedPerKey()
    {
        const string json = """
            {
              "name": "retry",
              "root": {
                "type": "Run",
                "argv": ["true"],
                "retry": {"attempts": 0, "delaySeconds": 1, "backoffMultiplier": 0.5}
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.retry.attempts", 6, 15, "must be an integer from 1 to 100, got 0");
        Error(errors[1], "$.root.retry.backoffMultiplier", 6, 49, "must be a number from 1 to 100, got 0.5");
    }

    [Fact]
    public void RetryAttemptsMustBeWhole()
    {
        SingleError(
            """{"name": "retry", "root": {"type": "Run", "argv": ["true"], "retry": {"attempts": 2.5}}}""",
            "$.root.retry.attempts",
            1,
            71,
            "must be an integer from 1 to 100, got 2.5");
    }

    [Fact]
    public void CommentsDoNotShiftReportedPositions()
    {
        const string json = """
            // A definition written by a person, with comments.
            {
              /* the name is wrong on purpose */ "name": "Bad Name",
              "root": {"type": "Sequence", "activities": [],},
            }
            """;

        SingleError(json, "$.name", 3, 38, "the name must be lower-case");
    }

    [Fact]
    public void AllErrorsAreReportedAtOnce()
    {
        const string json = """
            {
              "name": "Many Errors",
              "inputs": {"size": {"type": "int"}},
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Log"},
                  {"type": "Run", "argv": "zpool list"},
                  {"type": "Logg", "message": "x"}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(5, errors.Count);
        Error(At(errors, "$.name"), "$.name", 2, 3, "lower-case");
        Error(At(errors, "$.inputs.size.type"), "$.inputs.size.type", 3, 23, "unknown type \"int\"");
        Error(At(errors, "$.root.activities[0]"), "$.root.activities[0]", 7, 7, "activity type 'Log' needs 'message'");
        Error(At(errors, "$.root.activities[1].argv"), "$.root.activities[1].argv", 8, 23, "'argv' must be an array", "got string \"zpool list\"");
        Error(At(errors, "$.root.activities[2].type"), "$.root.activities[2].type", 9, 8, "unknown activity type \"Logg\"", "(did you mean 'Log'?)");
    }

    [Fact]
    public void UnreadableFileIsAnErrorNotAnException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"messier-missing-{Guid.NewGuid():N}.json");

        var result = Loader.LoadFile(path);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal("$", error.JsonPath);
        Assert.Null(error.Line);
        Assert.Contains("cannot read the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsPrintAsFileLineColumnPathMessage()
    {
        var error = SingleError("""{"name": "X", "root": {"type": "Sequence", "activities": []}}""", "$.name", 1, 2, "lower-case");

        Assert.StartsWith("flows/test.json:1:2: $.name: the name must be lower-case", error.ToString(), StringComparison.Ordinal);
    }
}
