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

        var error = SingleError(json, "$", 3, 47, "not valid JSON", "'}' is an invalid start of a value");
        Assert.Equal("not valid JSON: '}' is an invalid start of a value.", error.Message);
    }

    [Fact]
    public void DuplicateKeysAreReportedAtTheRepeatedKey()
    {
        // JsonNode throws when it first reads an object with a repeated key; the loader must report it instead.
        const string json = """
            {
              "name": "first",
              "name": "second",
              "root": {
                "type": "Log",
                "message": "one",
                "message": "two"
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.name", 3, 3, "duplicate property 'name'", "only once");
        Error(errors[1], "$.root.message", 7, 5, "duplicate property 'message'");
    }

    [Fact]
    public void DuplicateKeysInsideArraysAndExpressionsAreReported()
    {
        SingleError(
            """{"name": "d", "root": {"type": "Run", "argv": ["ls", {"js": "1", "js": "2"}]}}""",
            "$.root.argv[1].js",
            1,
            66,
            "duplicate property 'js'");
    }

    [Fact]
    public void EmptyTextIsNotValidJson()
    {
        var error = SingleError(string.Empty, "$", 1, 1, "not valid JSON");
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonSyntaxErrorMessageLeavesOutTheReadersPositionSuffix()
    {
        // Without a path, System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 21." alone.
        var error = SingleError("""{"name": "x", "root" 1}""", "$", 1, 22, "not valid JSON");
        Assert.Equal("not valid JSON: '1' is invalid after a property name. Expected a ':'.", error.Message);
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

        SingleError(json, "$.name", 2, 11, "the name must be lower-case letters, digits", "\"Setup Host\"");
    }

    [Fact]
    public void NamesIdsAndIdentifiersMayNotEndInANewline()
    {
        // A .NET '$' matches before a final newline; the patterns must end at the end of the text.
        const string json = """
            {
              "name": "setup\n",
              "variables": {"count\n": 0},
              "root": {"type": "Log", "id": "hello\n", "message": "m"}
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(3, errors.Count);
        Error(errors[0], "$.name", 2, 11, "the name must be lower-case", "\"setup\\n\"");
        Error(errors[1], "$.variables.count\n", 3, 28, "must be a JavaScript identifier");
        Error(errors[2], "$.root.id", 4, 33, "an id is letters, digits", "\"hello\\n\"");
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

        SingleError(json, "$.varaibles", 3, 16, "unknown property 'varaibles' for a definition", "(did you mean 'variables'?)", "allowed: $schema, name");
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
            16,
            "unknown activity type \"Sequnce\"",
            "(did you mean 'Sequence'?)",
            "known types: Approve, Call, Fail, Finish, Flowchart, ForEach, If, Log, Run, Sequence, SetVariable, Switch");
    }

    [Theory]
    [InlineData("Lgo", "Log")]
    [InlineData("Fial", "Fail")]
    [InlineData("Rnu", "Run")]
    public void SwappedLettersCountAsOneEditForSuggestions(string typed, string suggested)
    {
        // Plain Levenshtein counts a swap as two edits, too many for a short name to get a suggestion.
        var json = $$$"""{"name": "typo", "root": {"type": "{{{typed}}}"}}""";

        SingleError(json, "$.root.type", 1, 35, $"unknown activity type \"{typed}\"", $"(did you mean '{suggested}'?)");
    }

    [Fact]
    public void UnknownKeyWithSwappedLettersGetsASuggestion()
    {
        SingleError(
            """{"name": "typo", "root": {"type": "Log", "message": "m", "di": "x"}}""",
            "$.root.di",
            1,
            64,
            "unknown property 'di' for activity type 'Log'",
            "(did you mean 'id'?)");
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
            16,
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

        SingleError(json, "$.root.parallelism", 6, 20, "'parallelism' must be an integer (or an expression {\"js\": \"...\"})", "got string \"two\"");
    }

    [Fact]
    public void NullIsRefusedByItsTypeWhereTheTypeIsNotAny()
    {
        // Only 'any' properties take null; elsewhere it is a wrong type, not a missing property.
        const string json = """
            {
              "name": "nulls",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Run", "argv": null, "cwd": null},
                  {"type": "If", "condition": {"js": "true"}, "then": null}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(3, errors.Count);
        Error(errors[0], "$.root.activities[0].argv", 6, 31, "'argv' must be an array", "got null");
        Error(errors[1], "$.root.activities[0].cwd", 6, 44, "'cwd' must be a string", "got null");
        Error(errors[2], "$.root.activities[1].then", 7, 59, "an activity is an object with a 'type', got null");
    }

    [Fact]
    public void ForEachVariableNamesMustBeIdentifiers()
    {
        const string json = """
            {
              "name": "loop",
              "root": {
                "type": "ForEach",
                "items": [1],
                "variable": "the-disk",
                "indexVariable": "2nd",
                "body": {"type": "Log", "message": "m"}
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.variable", 6, 17, "'variable' names a variable: it must be a JavaScript identifier", "\"the-disk\"");
        Error(errors[1], "$.root.indexVariable", 7, 22, "'indexVariable' names a variable", "\"2nd\"");
    }

    [Fact]
    public void ForEachVariableAndIndexVariableMustDiffer()
    {
        // The item and its index share one scope: the same name for both would lose the item.
        const string json = """
            {
              "name": "loop",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "ForEach", "items": [1], "variable": "x", "indexVariable": "x", "body": {"type": "Log", "message": "m"}},
                  {"type": "ForEach", "items": [1], "variable": "index", "body": {"type": "Log", "message": "m"}}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.activities[0].indexVariable", 6, 75, "'variable' and 'indexVariable' are both 'x'");
        Error(errors[1], "$.root.activities[1].variable", 7, 53, "'variable' and 'indexVariable' are both 'index'");
    }

    [Fact]
    public void ForEachParallelismMustBeFrom1To1024()
    {
        // The interpreter faults outside these bounds at run time; a literal can be refused before anything runs.
        const string json = """
            {
              "name": "loop",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "ForEach", "items": [1], "parallelism": 0, "body": {"type": "Log", "message": "m"}},
                  {"type": "ForEach", "items": [1], "parallelism": 1025, "body": {"type": "Log", "message": "m"}},
                  {"type": "ForEach", "items": [1], "parallelism": {"js": "5000"}, "body": {"type": "Log", "message": "m"}}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.activities[0].parallelism", 6, 56, "'parallelism' must be from 1 to 1024, got 0");
        Error(errors[1], "$.root.activities[1].parallelism", 7, 56, "'parallelism' must be from 1 to 1024, got 1025");
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
    public void WrongValueTypeInAnObjectIsReportedAtTheValue()
    {
        // Environment variables are strings; a number would only fail when the step runs.
        const string json = """
            {
              "name": "run",
              "root": {
                "type": "Run",
                "argv": ["env"],
                "env": {"POOL": {"js": "input.pool"}, "DEBUG": 1, "MODE": "fast"}
              }
            }
            """;

        SingleError(json, "$.root.env.DEBUG", 6, 52, "each value of 'env' must be a string", "got integer 1");
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

        SingleError(json, "$.root.level", 6, 14, "'level' must be one of info, warning, error", "got 'debug'");
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

        SingleError(json, "$.root.message.js", 5, 23, "the expression does not parse", "Unexpected end of input");
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

        SingleError(json, "$.root.argv[1].js", 7, 14, "the expression does not parse");
    }

    [Fact]
    public void MalformedExpressionsAreReportedWhereverTheyStand()
    {
        // An object with a 'js' key that is not exactly {"js": "code"} would otherwise pass as a literal and never run.
        const string json = """
            {
              "name": "malformed",
              "variables": {"v": {"js": 1}},
              "outputs": {"o": {"js": "1", "extra": true}},
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "Log", "message": {"js": 5}},
                  {"type": "Run", "argv": ["ls", {"js": "'-l'", "x": 1}], "env": {"A": {"js": null}}},
                  {"type": "SetVariable", "name": "v", "value": {"deep": [{"js": ["x"]}]}}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(6, errors.Count);
        Error(errors[0], "$.variables.v", 3, 22, "malformed expression: an expression is exactly {\"js\": \"code\"}", "got {\"js\":1}");
        Error(errors[1], "$.outputs.o", 4, 20, "malformed expression", "got {\"js\":\"1\",\"extra\":true}");
        Error(errors[2], "$.root.activities[0].message", 8, 34, "malformed expression", "got {\"js\":5}");
        Error(errors[3], "$.root.activities[1].argv[1]", 9, 38, "malformed expression");
        Error(errors[4], "$.root.activities[1].env.A", 9, 76, "malformed expression", "got {\"js\":null}");
        Error(errors[5], "$.root.activities[2].value.deep[0]", 10, 63, "malformed expression", "got {\"js\":[\"x\"]}");
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

        SingleError(json, "$.root.name", 6, 13, "'name' must be a literal value", "needed before anything runs");
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

        SingleError(json, "$.root.activities[1].id", 7, 29, "duplicate activity id 'hello'", "also used at $.root.activities[0]");
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

        SingleError(json, "$.root.cases[0].activity.id", 7, 75, "duplicate activity id 'route'", "also used at $.root;");
    }

    [Fact]
    public void DuplicateIdInsideAFlowchartIsReportedNotThrown()
    {
        // The Flowchart's own checks index its activities by id; a repeated id must not break them.
        const string json = """
            {
              "name": "chart",
              "root": {
                "type": "Flowchart",
                "activities": [
                  {"type": "Log", "id": "a", "message": "1"},
                  {"type": "Log", "id": "a", "message": "2"}
                ],
                "connections": [{"from": "a", "to": "a"}]
              }
            }
            """;

        SingleError(json, "$.root.activities[1].id", 7, 29, "duplicate activity id 'a'", "also used at $.root.activities[0]");
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
        Error(errors[0], "$.root.connections[0].from", 10, 16, "dangling connection: no activity 'frist' in this Flowchart", "its activities are 'first', 'second'");
        Error(errors[1], "$.root.connections[1].to", 11, 31, "dangling connection: no activity 'third' in this Flowchart");
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
        Error(errors[1], "$.root.connections[1].outcome", 11, 36, "'check' (If) has no outcome 'Yes'");
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

        SingleError(json, "$.root.connections[2].outcome", 12, 36, "'route' (Switch) has no outcome 'small'", "its outcomes are Default, big");
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

        SingleError(json, "$.root.start", 5, 14, "no activity 'begin' in this Flowchart", "its activities are 'first'");
    }

    [Fact]
    public void LiteralConditionsMustBeBooleans()
    {
        // JavaScript truthiness would take the string "false" as true; only an expression's value is judged that way.
        const string json = """
            {
              "name": "conditions",
              "root": {
                "type": "Sequence",
                "activities": [
                  {"type": "If", "condition": "false"},
                  {"type": "If", "condition": {"js": "'any value'"}},
                  {"type": "Switch", "cases": [
                    {"label": "one", "condition": 1},
                    {"label": "none", "condition": null},
                    {"label": "ok", "condition": false}
                  ]}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(3, errors.Count);
        Error(errors[0], "$.root.activities[0].condition", 6, 35, "'condition' must be a boolean (or an expression", "got string \"false\"");
        Error(errors[1], "$.root.activities[2].cases[0].condition", 9, 39, "a literal condition must be true or false", "got integer 1");
        Error(errors[2], "$.root.activities[2].cases[1].condition", 10, 40, "a literal condition must be true or false", "got null");
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
        Error(errors[0], "$.root.cases[1].label", 7, 17, "duplicate case label 'small'");
        Error(errors[1], "$.root.cases[2].label", 8, 17, "'Default' is the outcome when no case matches; choose another label");
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

        SingleError(json, "$.inputs.pool", 4, 13, "an input is either required or has a default, not both");
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

        SingleError(json, "$.inputs.size.default", 4, 44, "the default must be of type integer, got string");
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

        SingleError(json, "$.inputs.when.default", 4, 43, "an input default must be a literal value, not an expression");
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

        SingleError(json, "$.inputs.size.type", 3, 31, "unknown type \"int\"", "allowed: any, string, integer, number, boolean, array, object");
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
        Error(errors[0], "$.inputs.pool-name", 4, 18, "input name 'pool-name' must be a JavaScript identifier", "input.pool-name");
        Error(errors[1], "$.variables.2nd", 7, 12, "variable name '2nd' must be a JavaScript identifier");
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

        SingleError(json, "$.variables.started", 4, 16, "an initial value must be a literal; set computed values with SetVariable");
    }

    [Fact]
    public void RetryIsOnlyForSteps()
    {
        // The interpreter retries steps only; a retry on anything else would promise what never happens.
        const string json = """
            {
              "name": "retry",
              "root": {
                "type": "Sequence",
                "retry": {"attempts": 3},
                "activities": [
                  {"type": "Run", "argv": ["true"], "retry": {"attempts": 3}},
                  {"type": "Log", "message": "m", "retry": {"attempts": 3}}
                ]
              }
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.retry", 5, 14, "activity type 'Sequence' does not take 'retry'", "only side-effecting steps", "are retried");
        Error(errors[1], "$.root.activities[1].retry", 8, 48, "activity type 'Log' does not take 'retry'");
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
        Error(errors[0], "$.root.retry.attempts", 6, 27, "must be an integer from 1 to 100, got 0");
        Error(errors[1], "$.root.retry.backoffMultiplier", 6, 70, "must be a number from 1 to 100, got 0.5");
    }

    [Fact]
    public void RetryAttemptsMustBeWhole()
    {
        SingleError(
            """{"name": "retry", "root": {"type": "Run", "argv": ["true"], "retry": {"attempts": 2.5}}}""",
            "$.root.retry.attempts",
            1,
            83,
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

        SingleError(json, "$.name", 3, 46, "the name must be lower-case");
    }

    [Fact]
    public void ColumnsCountCharactersNotUtf8Bytes()
    {
        // "é" is two bytes in UTF-8 and "—" three, but each is one column in an editor.
        const string json = """
            {
              "description": "Crée le pool — vite", "name": "Bad Name",
              "root": {"type": "Log", "message": "→ done", "level": "debug"}
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.name", 2, 49, "the name must be lower-case");
        Error(errors[1], "$.root.level", 3, 57, "'level' must be one of info, warning, error");
    }

    [Fact]
    public void JsonSyntaxErrorColumnsCountCharactersNotUtf8Bytes()
    {
        SingleError("""{"name": "café", "description": "naïve", "root": }""", "$", 1, 50, "not valid JSON", "'}' is an invalid start of a value");
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
        Error(At(errors, "$.name"), "$.name", 2, 11, "lower-case");
        Error(At(errors, "$.inputs.size.type"), "$.inputs.size.type", 3, 31, "unknown type \"int\"");
        Error(At(errors, "$.root.activities[0]"), "$.root.activities[0]", 7, 7, "activity type 'Log' needs 'message'");
        Error(At(errors, "$.root.activities[1].argv"), "$.root.activities[1].argv", 8, 31, "'argv' must be an array", "got string \"zpool list\"");
        Error(At(errors, "$.root.activities[2].type"), "$.root.activities[2].type", 9, 16, "unknown activity type \"Logg\"", "(did you mean 'Log'?)");
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
        var error = SingleError("""{"name": "X", "root": {"type": "Sequence", "activities": []}}""", "$.name", 1, 10, "lower-case");

        Assert.StartsWith("flows/test.json:1:10: $.name: the name must be lower-case", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EscapesThatMakeALoneSurrogateAreReportedWhereTheyAre()
    {
        // Plain ASCII in the file, so any editor writes it; reading such a string threw InvalidOperationException (found by the fuzzer).
        const string json = """
            {
              "name": "lonely",
              "root": {"type": "Log", "message": "half \udfff of a pair", "\ud800x": 1}
            }
            """;

        var errors = Invalid(json);
        Assert.Equal(2, errors.Count);
        Error(errors[0], "$.root.message", 3, 38, "not valid JSON", "unpaired UTF-16 surrogate");
        Error(errors[1], "$.root.\\ud800x", 3, 63, "not valid JSON", "unpaired UTF-16 surrogate");
    }

    [Fact]
    public void ATextWithAnUnpairedSurrogateIsAnErrorNotAnException()
    {
        // Load takes a string from any caller (a file read as UTF-8 cannot hold one); the parser threw ArgumentException for it.
        var json = "{\n  \"name\": \"x\ud800\",\n  \"root\": {\"type\": \"Log\", \"message\": \"m\"}\n}";

        var error = SingleError(json, "$", 2, 13, "not valid text", "unpaired UTF-16 surrogate (U+D800)");
        Assert.Equal(LoadAssert.SourceFile, error.File);
    }
}
