using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.ControlFlow;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Expressions;

namespace Messier.Workflows.Definitions;

/// <summary>
/// Reads a workflow definition from JSON and validates all of it before anything runs: unknown
/// activity types and properties, missing or mistyped values, duplicate ids, dangling connections,
/// expressions that do not parse. Every problem is reported with file, JSON path, line and column;
/// the loader never throws for bad input.
/// </summary>
public sealed partial class DefinitionLoader
{
    /// <summary>Definitions may hold comments and trailing commas: they are written by people.</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    private static readonly string[] TopLevelKeys = ["$schema", "name", "description", "inputs", "variables", "outputs", "timeoutSeconds", "root"];
    private const string RetryKey = "retry";
    private static readonly string[] CommonActivityKeys = ["type", "id", "displayName", "description", RetryKey];
    private static readonly string[] InputKeys = ["type", "required", "default", "description"];
    private static readonly string[] JsonExceptionSuffixes = [" Path:", " LineNumber:", " BytePositionInLine:"];
    private static readonly string[] RetryKeys = ["attempts", "delaySeconds", "backoffMultiplier", "maxDelaySeconds"];

    private readonly ActivityRegistry registry;

    public DefinitionLoader(ActivityRegistry registry)
    {
        this.registry = registry;
    }

    /// <summary>Reads and validates a definition file.</summary>
    public DefinitionLoadResult LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new DefinitionLoadResult(null, [new ValidationError(path, "$", null, null, $"cannot read the file: {ex.Message}")]);
        }

        return Load(json, path);
    }

    /// <summary>Validates a definition text; <paramref name="sourcePath"/> only labels the errors.</summary>
    public DefinitionLoadResult Load(string json, string? sourcePath)
    {
        // A file read as UTF-8 cannot hold one, but a text handed over from elsewhere can; the parser
        // would throw an ArgumentException for it, which is not the "never throws" this promises.
        if (JsonLineMap.FindUnpairedSurrogate(json) is var unpaired and >= 0)
        {
            var (line, column) = JsonLineMap.FromCharIndex(json, unpaired);
            return new DefinitionLoadResult(null, [new ValidationError(sourcePath, "$", line, column, $"not valid text: an unpaired UTF-16 surrogate (U+{(int)json[unpaired]:X4}) cannot be read as UTF-8")]);
        }

        JsonNode? document;
        try
        {
            // Explicit node options: without them every node asks its way up to the root each time
            // it reads a property (JsonNode.Options caches only a value), so loading cost grew with depth.
            document = JsonNode.Parse(json, nodeOptions: new JsonNodeOptions { PropertyNameCaseInsensitive = false }, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = ReaderOptions.MaxDepth,
            });
        }
        catch (JsonException ex)
        {
            // The exception counts bytes into the line; people and editors count characters.
            (int Line, int Column)? position = ex.LineNumber is { } l && ex.BytePositionInLine is { } b
                ? JsonLineMap.FromBytePosition(json, l, b)
                : null;
            return new DefinitionLoadResult(null, [new ValidationError(sourcePath, ex.Path ?? "$", position?.Line, position?.Column, $"not valid JSON: {FirstSentence(ex.Message)}")]);
        }

        var lines = JsonLineMap.Scan(json);
        if (lines.DuplicateKeys.Count > 0)
        {
            // Reading an object with a repeated key throws, so stop here as for a syntax error.
            return new DefinitionLoadResult(null, [.. lines.DuplicateKeys.Select(d => new ValidationError(
                sourcePath, d.Path, d.Line, d.Column, $"duplicate property '{d.Key}': a key may appear only once in an object"))]);
        }

        if (lines.InvalidStrings.Count > 0)
        {
            // Reading such a string throws, so stop here as for a syntax error.
            return new DefinitionLoadResult(null, [.. lines.InvalidStrings.Select(s => new ValidationError(
                sourcePath, s.Path, s.Line, s.Column, "not valid JSON: the string's \\u escapes make an unpaired UTF-16 surrogate (a \\uD800-\\uDBFF must be followed by a \\uDC00-\\uDFFF)"))]);
        }

        var context = new LoadContext(sourcePath);
        var definition = ReadDefinition(document, json, context);
        if (context.Errors.Count == 0 && definition is not null)
        {
            return new DefinitionLoadResult(definition, []);
        }

        // Positions are looked up once, for the errors there are, not kept for every token.
        var located = JsonLineMap.Locate(json, context.Errors.Select(e => e.JsonPath));
        return new DefinitionLoadResult(null, [.. context.Errors.Select(e => located.Find(e.JsonPath) is { } position
            ? e with { Line = position.Line, Column = position.Column }
            : e)]);
    }

    public static string ComputeHash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private WorkflowDefinition? ReadDefinition(JsonNode? document, string json, LoadContext context)
    {
        if (document is not JsonObject top)
        {
            context.Error("$", $"a definition is a JSON object, got {DataTypes.Describe(document)}");
            return null;
        }

        CheckKeys(top, "$", TopLevelKeys, "a definition", context);

        var name = ReadName(top, context);
        var description = ReadOptionalString(top, "description", "$", context);
        var inputs = ReadInputs(top["inputs"], context);
        var variables = ReadVariables(top["variables"], context);
        var outputs = ReadOutputs(top["outputs"], context);
        var timeout = ReadTimeout(top, context);

        ActivityNode? root = null;
        if (!top.TryGetPropertyValue("root", out var rootNode) || rootNode is null)
        {
            context.Error("$", "missing 'root': the activity the workflow runs (usually a Sequence or a Flowchart)");
        }
        else
        {
            root = ReadActivity(rootNode, "$.root", context);
        }

        if (root is not null)
        {
            CheckIds(root, context);
        }

        if (context.Errors.Count > 0 || root is null || name is null)
        {
            return null;
        }

        return new WorkflowDefinition(name, description, inputs, variables, outputs, root, timeout, json, ComputeHash(json), context.File);
    }

    private static string? ReadName(JsonObject top, LoadContext context)
    {
        if (!top.TryGetPropertyValue("name", out var node) || node is null)
        {
            context.Error("$", "missing 'name': the name the workflow is run by, e.g. \"setup-host\"");
            return null;
        }

        if (!IsString(node, out var name) || !DefinitionNamePattern().IsMatch(name))
        {
            context.Error("$.name", $"the name must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit; got {Show(node)}");
            return null;
        }

        return name;
    }

    private static TimeSpan? ReadTimeout(JsonObject top, LoadContext context)
    {
        if (!top.TryGetPropertyValue("timeoutSeconds", out var node) || node is null)
        {
            return null;
        }

        if (JsonNumbers.TryGetDouble(node, out var seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        context.Error("$.timeoutSeconds", $"must be a positive number of seconds, got {Show(node)}");
        return null;
    }

    private static List<InputDefinition> ReadInputs(JsonNode? node, LoadContext context)
    {
        var inputs = new List<InputDefinition>();
        if (node is null)
        {
            return inputs;
        }

        if (node is not JsonObject obj)
        {
            context.Error("$.inputs", $"must be an object of input names to {{\"type\", \"required\", \"default\", \"description\"}}, got {DataTypes.Describe(node)}");
            return inputs;
        }

        foreach (var (inputName, spec) in obj)
        {
            var path = $"$.inputs.{inputName}";
            if (!IdentifierPattern().IsMatch(inputName))
            {
                context.Error(path, $"input name '{inputName}' must be a JavaScript identifier (letters, digits, '_'), so expressions can use input.{inputName}");
                continue;
            }

            if (spec is not JsonObject specObject)
            {
                context.Error(path, $"must be an object such as {{\"type\": \"string\", \"required\": true}}, got {DataTypes.Describe(spec)}");
                continue;
            }

            CheckKeys(specObject, path, InputKeys, "an input", context);
            var type = DataType.String;
            if (specObject["type"] is { } typeNode)
            {
                if (!IsString(typeNode, out var typeName) || !DataTypes.TryParse(typeName, out type))
                {
                    context.Error($"{path}.type", $"unknown type {Show(typeNode)}; allowed: {string.Join(", ", DataTypes.Names)}");
                    continue;
                }
            }

            var required = false;
            if (specObject["required"] is { } requiredNode)
            {
                if (!DataType.Boolean.Matches(requiredNode))
                {
                    context.Error($"{path}.required", $"must be true or false, got {Show(requiredNode)}");
                    continue;
                }

                required = requiredNode.GetValue<bool>();
            }

            var hasDefault = specObject.TryGetPropertyValue("default", out var defaultValue);
            if (required && hasDefault)
            {
                context.Error(path, "an input is either required or has a default, not both");
                continue;
            }

            if (hasDefault && ReportMalformedExpressions(defaultValue, $"{path}.default", context))
            {
                continue;
            }

            if (hasDefault && !type.Matches(defaultValue))
            {
                context.Error($"{path}.default", $"the default must be of type {type.ToName()}, got {DataTypes.Describe(defaultValue)}");
                continue;
            }

            if (hasDefault && ExpressionSyntax.ContainsExpression(defaultValue))
            {
                context.Error($"{path}.default", "an input default must be a literal value, not an expression");
                continue;
            }

            inputs.Add(new InputDefinition(inputName, type, required, defaultValue?.DeepClone(), ReadOptionalString(specObject, "description", path, context)));
        }

        return inputs;
    }

    private static Dictionary<string, JsonNode?> ReadVariables(JsonNode? node, LoadContext context)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (node is null)
        {
            return variables;
        }

        if (node is not JsonObject obj)
        {
            context.Error("$.variables", $"must be an object of variable names to initial values, got {DataTypes.Describe(node)}");
            return variables;
        }

        foreach (var (variableName, value) in obj)
        {
            if (!IdentifierPattern().IsMatch(variableName))
            {
                context.Error($"$.variables.{variableName}", $"variable name '{variableName}' must be a JavaScript identifier (letters, digits, '_'), so expressions can use vars.{variableName}");
                continue;
            }

            if (ReportMalformedExpressions(value, $"$.variables.{variableName}", context))
            {
                continue;
            }

            if (ExpressionSyntax.ContainsExpression(value))
            {
                context.Error($"$.variables.{variableName}", "an initial value must be a literal; set computed values with SetVariable");
                continue;
            }

            variables[variableName] = value?.DeepClone();
        }

        return variables;
    }

    private static Dictionary<string, JsonNode?> ReadOutputs(JsonNode? node, LoadContext context)
    {
        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (node is null)
        {
            return outputs;
        }

        if (node is not JsonObject obj)
        {
            context.Error("$.outputs", $"must be an object of output names to values or expressions, got {DataTypes.Describe(node)}");
            return outputs;
        }

        foreach (var (outputName, value) in obj)
        {
            CheckExpressions(value, $"$.outputs.{outputName}", context);
            outputs[outputName] = value?.DeepClone();
        }

        return outputs;
    }

    private ActivityNode? ReadActivity(JsonNode? node, string path, LoadContext context)
    {
        if (node is not JsonObject obj)
        {
            context.Error(path, $"an activity is an object with a 'type', got {DataTypes.Describe(node)}");
            return null;
        }

        if (!obj.TryGetPropertyValue("type", out var typeNode) || typeNode is null)
        {
            context.Error(path, $"missing 'type'; known types: {string.Join(", ", registry.TypeNames)}");
            return null;
        }

        if (!IsString(typeNode, out var type) || registry.Find(type) is not { } activity)
        {
            var suggestion = IsString(typeNode, out var typed) ? Suggest(typed, registry.TypeNames) : null;
            context.Error($"{path}.type", $"unknown activity type {Show(typeNode)}{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}; known types: {string.Join(", ", registry.TypeNames)}");
            return null;
        }

        var descriptor = activity.Descriptor;
        string? id = null;
        if (obj["id"] is { } idNode)
        {
            if (!IsString(idNode, out var idText) || !ActivityIdPattern().IsMatch(idText))
            {
                context.Error($"{path}.id", $"an id is letters, digits, '_', '.' or '-', starting with a letter or '_'; got {Show(idNode)}");
            }
            else
            {
                id = idText;
            }
        }

        // Only steps are retried (the interpreter applies the policy around observe and apply), so
        // elsewhere a retry would be a promise the engine does not keep.
        var isStep = activity is IStepActivity;
        var allowedKeys = CommonActivityKeys.Where(k => isStep || k != RetryKey).Concat(descriptor.Properties.Select(p => p.Name)).ToArray();
        if (!isStep && obj.ContainsKey(RetryKey))
        {
            context.Error($"{path}.{RetryKey}", $"activity type '{type}' does not take 'retry': only side-effecting steps (activities that touch the host, such as Run) are retried");
        }

        CheckKeys(obj, path, allowedKeys, $"activity type '{type}'", context, alreadyReported: RetryKey);

        var properties = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var slots = new Dictionary<string, IReadOnlyList<ActivityNode>>(StringComparer.Ordinal);
        IReadOnlyList<SwitchCase> cases = [];
        IReadOnlyList<Connection> connections = [];

        foreach (var property in descriptor.Properties)
        {
            // A null is a value, not an absence: a property of type any takes it (SetVariable can
            // set a variable to null), and every other property refuses it by its type, as the schema does.
            if (!obj.TryGetPropertyValue(property.Name, out var value))
            {
                if (property.Required)
                {
                    context.Error(path, $"activity type '{type}' needs '{property.Name}': {property.Description}");
                }

                continue;
            }

            // Made only for a property that is there: a path is as long as the activity is deep.
            var propertyPath = $"{path}.{property.Name}";
            switch (property.Kind)
            {
                case PropertyKind.Value:
                    if (CheckValue(property, value, propertyPath, context))
                    {
                        properties[property.Name] = value?.DeepClone();
                    }

                    break;
                case PropertyKind.Activity:
                    if (ReadActivity(value, propertyPath, context) is { } child)
                    {
                        slots[property.Name] = [child];
                    }

                    break;
                case PropertyKind.Activities:
                    slots[property.Name] = ReadActivityList(value, propertyPath, context);
                    break;
                case PropertyKind.Cases:
                    cases = ReadCases(value, propertyPath, context);
                    break;
                case PropertyKind.Connections:
                    connections = ReadConnections(value, propertyPath, context);
                    break;
            }
        }

        var retry = isStep ? ReadRetry(obj[RetryKey], $"{path}.{RetryKey}", context) : RetryPolicy.None;
        var displayName = ReadOptionalString(obj, "displayName", path, context);
        _ = ReadOptionalString(obj, "description", path, context);

        var activityNode = new ActivityNode(id ?? GeneratedId(path), type, displayName, path, properties, slots, cases, connections, retry);
        if (activity is FlowchartActivity)
        {
            CheckFlowchart(activityNode, context);
        }
        else if (activity is ForEachActivity)
        {
            CheckLoopVariables(activityNode, obj, descriptor, context);
        }

        return activityNode;
    }

    private List<ActivityNode> ReadActivityList(JsonNode? value, string path, LoadContext context)
    {
        var list = new List<ActivityNode>();
        if (value is not JsonArray array)
        {
            context.Error(path, $"must be an array of activities, got {DataTypes.Describe(value)}");
            return list;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (ReadActivity(array[i], $"{path}[{i}]", context) is { } child)
            {
                list.Add(child);
            }
        }

        return list;
    }

    private List<SwitchCase> ReadCases(JsonNode? value, string path, LoadContext context)
    {
        var cases = new List<SwitchCase>();
        if (value is not JsonArray array)
        {
            context.Error(path, $"must be an array of {{\"label\", \"condition\", \"activity\"}}, got {DataTypes.Describe(value)}");
            return cases;
        }

        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var casePath = $"{path}[{i}]";
            if (array[i] is not JsonObject caseObject)
            {
                context.Error(casePath, $"a case is an object {{\"label\", \"condition\", \"activity\"}}, got {DataTypes.Describe(array[i])}");
                continue;
            }

            CheckKeys(caseObject, casePath, ["label", "condition", "activity"], "a case", context);
            if (!IsString(caseObject["label"], out var label) || label.Length == 0)
            {
                context.Error(casePath, "a case needs a non-empty 'label' (it becomes the Switch's outcome)");
                continue;
            }

            if (label == SwitchActivity.DefaultOutcome || !labels.Add(label))
            {
                context.Error($"{casePath}.label", label == SwitchActivity.DefaultOutcome ? "'Default' is the outcome when no case matches; choose another label" : $"duplicate case label '{label}'");
                continue;
            }

            if (!caseObject.TryGetPropertyValue("condition", out var condition))
            {
                context.Error(casePath, "a case needs a 'condition' (true, false or an expression)");
                continue;
            }

            var before = context.Errors.Count;
            CheckExpressions(condition, $"{casePath}.condition", context);

            // Truthiness is for an expression's value; a literal such as "false" would silently count as true.
            if (context.Errors.Count == before && !ExpressionSyntax.IsExpression(condition, out _) && !DataType.Boolean.Matches(condition))
            {
                context.Error($"{casePath}.condition", $"a literal condition must be true or false (or an expression {{\"js\": \"...\"}}), got {Given(condition)}");
                continue;
            }

            var activity = caseObject["activity"] is { } activityNode ? ReadActivity(activityNode, $"{casePath}.activity", context) : null;
            cases.Add(new SwitchCase(label, condition!.DeepClone(), activity, casePath));
        }

        return cases;
    }

    private static List<Connection> ReadConnections(JsonNode? value, string path, LoadContext context)
    {
        var connections = new List<Connection>();
        if (value is not JsonArray array)
        {
            context.Error(path, $"must be an array of {{\"from\", \"outcome\", \"to\"}}, got {DataTypes.Describe(value)}");
            return connections;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var connectionPath = $"{path}[{i}]";
            if (array[i] is not JsonObject connection)
            {
                context.Error(connectionPath, $"a connection is an object {{\"from\", \"outcome\", \"to\"}}, got {DataTypes.Describe(array[i])}");
                continue;
            }

            CheckKeys(connection, connectionPath, ["from", "outcome", "to"], "a connection", context);
            if (!IsString(connection["from"], out var from) || !IsString(connection["to"], out var to))
            {
                context.Error(connectionPath, "a connection needs 'from' and 'to', each an activity id of this Flowchart");
                continue;
            }

            var outcome = ActivityDescriptor.Done;
            if (connection["outcome"] is { } outcomeNode && (!IsString(outcomeNode, out outcome) || outcome.Length == 0))
            {
                context.Error($"{connectionPath}.outcome", $"must be an outcome name such as \"Done\", \"True\" or \"False\", got {Show(outcomeNode)}");
                continue;
            }

            connections.Add(new Connection(from, outcome, to, connectionPath));
        }

        return connections;
    }

    private void CheckFlowchart(ActivityNode chart, LoadContext context)
    {
        // Ids may repeat here (CheckIds reports that once the whole tree is read): keep the first, never throw.
        var members = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        foreach (var member in chart.Slot("activities"))
        {
            members.TryAdd(member.Id, member);
        }

        var memberIds = string.Join(", ", members.Keys.Select(k => $"'{k}'"));
        if (chart.Properties.TryGetValue("start", out var start) && start is not null && !members.ContainsKey(start.GetValue<string>()))
        {
            context.Error($"{chart.Path}.start", $"no activity '{start.GetValue<string>()}' in this Flowchart; its activities are {memberIds}");
        }

        foreach (var connection in chart.Connections)
        {
            if (!members.TryGetValue(connection.From, out var source))
            {
                context.Error($"{connection.Path}.from", $"dangling connection: no activity '{connection.From}' in this Flowchart; its activities are {memberIds}");
                continue;
            }

            if (!members.ContainsKey(connection.To))
            {
                context.Error($"{connection.Path}.to", $"dangling connection: no activity '{connection.To}' in this Flowchart; its activities are {memberIds}");
                continue;
            }

            var outcomes = OutcomesOf(source);
            if (!outcomes.Contains(connection.Outcome, StringComparer.Ordinal))
            {
                context.Error($"{connection.Path}.outcome", outcomes.Count == 0
                    ? $"'{source.Id}' ({source.Type}) ends the workflow and has no outcome to connect"
                    : $"'{source.Id}' ({source.Type}) has no outcome '{connection.Outcome}'; its outcomes are {string.Join(", ", outcomes)}");
            }
        }
    }

    /// <summary>The item and the index are set in the same scope, so one name for both would lose the item.</summary>
    private static void CheckLoopVariables(ActivityNode loop, JsonObject written, ActivityDescriptor descriptor, LoadContext context)
    {
        // A name that was refused is already reported; comparing its default instead would invent a clash.
        string? NameOf(string property) => written.ContainsKey(property) && !loop.Properties.ContainsKey(property)
            ? null
            : (loop.Properties.GetValueOrDefault(property) ?? descriptor.FindProperty(property)?.Default) is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : null;

        var variable = NameOf("variable");
        if (variable is not null && variable == NameOf("indexVariable"))
        {
            var given = loop.Properties.ContainsKey("indexVariable") ? "indexVariable" : "variable";
            context.Error($"{loop.Path}.{given}", $"'variable' and 'indexVariable' are both '{variable}'; the index would replace the item, so give them different names");
        }
    }

    private List<string> OutcomesOf(ActivityNode node)
    {
        var outcomes = registry.Get(node.Type).Descriptor.Outcomes.ToList();
        outcomes.AddRange(node.Cases.Select(c => c.Label));
        return outcomes;
    }

    private static RetryPolicy ReadRetry(JsonNode? node, string path, LoadContext context)
    {
        if (node is null)
        {
            return RetryPolicy.None;
        }

        if (node is not JsonObject obj)
        {
            context.Error(path, $"must be an object {{\"attempts\", \"delaySeconds\", \"backoffMultiplier\", \"maxDelaySeconds\"}}, got {DataTypes.Describe(node)}");
            return RetryPolicy.None;
        }

        CheckKeys(obj, path, RetryKeys, "a retry policy", context);
        var attempts = ReadNumber(obj, "attempts", path, 1, 1, 100, integer: true, context);
        var delay = ReadNumber(obj, "delaySeconds", path, 1, 0, 86_400, integer: false, context);
        var multiplier = ReadNumber(obj, "backoffMultiplier", path, 2, 1, 100, integer: false, context);
        var maxDelay = ReadNumber(obj, "maxDelaySeconds", path, 300, 0, 86_400, integer: false, context);
        return new RetryPolicy((int)attempts, TimeSpan.FromSeconds(delay), multiplier, TimeSpan.FromSeconds(Math.Max(maxDelay, delay)));
    }

    private static double ReadNumber(JsonObject obj, string key, string path, double fallback, double min, double max, bool integer, LoadContext context)
    {
        if (obj[key] is not { } node)
        {
            return fallback;
        }

        if (JsonNumbers.TryGetDouble(node, out var number) && number >= min && number <= max && (!integer || number % 1 == 0))
        {
            return number;
        }

        context.Error($"{path}.{key}", $"must be {(integer ? "an integer" : "a number")} from {min} to {max}, got {Show(node)}");
        return fallback;
    }

    /// <summary>Checks a value property; false when it is unusable.</summary>
    private static bool CheckValue(PropertyDescriptor property, JsonNode? value, string path, LoadContext context)
    {
        var before = context.Errors.Count;
        var hasExpressions = CheckExpressions(value, path, context);
        if (hasExpressions && !property.AllowExpression)
        {
            context.Error(path, $"'{property.Name}' must be a literal value: it is needed before anything runs");
            return false;
        }

        // A malformed expression is reported as such; its type as a literal object would only add noise.
        if (ExpressionSyntax.IsExpression(value, out _) || ExpressionSyntax.IsMalformedExpression(value))
        {
            return context.Errors.Count == before;
        }

        if (!property.Type.Matches(value))
        {
            context.Error(path, $"'{property.Name}' must be {Article(property.Type)} (or an expression {{\"js\": \"...\"}}), got {Given(value)}");
            return false;
        }

        if (property.ItemType is { } itemType && value is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (!ExpressionSyntax.IsExpression(array[i], out _) && !ExpressionSyntax.IsMalformedExpression(array[i]) && !itemType.Matches(array[i]))
                {
                    context.Error($"{path}[{i}]", $"each item of '{property.Name}' must be {Article(itemType)}, got {Given(array[i])}");
                }
            }
        }

        if (property.ItemType is { } valueType && value is JsonObject obj)
        {
            foreach (var (key, item) in obj)
            {
                if (!ExpressionSyntax.IsExpression(item, out _) && !ExpressionSyntax.IsMalformedExpression(item) && !valueType.Matches(item))
                {
                    context.Error($"{path}.{key}", $"each value of '{property.Name}' must be {Article(valueType)}, got {Given(item)}");
                }
            }
        }

        if (property.AllowedValues is { } allowed && IsString(value, out var text) && !allowed.Contains(text, StringComparer.Ordinal))
        {
            context.Error(path, $"'{property.Name}' must be one of {string.Join(", ", allowed)}, got '{text}'");
        }

        if ((property.Minimum is { } minimum && JsonNumbers.TryGetDouble(value, out var low) && low < minimum)
            || (property.Maximum is { } maximum && JsonNumbers.TryGetDouble(value, out var high) && high > maximum))
        {
            context.Error(path, $"'{property.Name}' must be {Range(property)}, got {Show(value)}");
        }

        if (property.IsIdentifier && IsString(value, out var name) && !IdentifierPattern().IsMatch(name))
        {
            context.Error(path, $"'{property.Name}' names a variable: it must be a JavaScript identifier (letters, digits, '_', not starting with a digit) so expressions can read it as vars.NAME; got {Show(value)}");
        }

        return context.Errors.Count == before;
    }

    /// <summary>Reports every object in the value that uses the 'js' key without being an expression; true when there is one.</summary>
    private static bool ReportMalformedExpressions(JsonNode? value, string path, LoadContext context)
    {
        var any = false;
        foreach (var (suffix, malformed) in ExpressionSyntax.FindMalformedExpressions(value))
        {
            any = true;
            context.Error($"{path}{suffix}", $"malformed expression: an expression is exactly {{\"js\": \"code\"}}, with a string and no other key; got {Show(malformed)}");
        }

        return any;
    }

    /// <summary>Reports malformed expressions and every expression in the value that does not parse; true when the value holds any expression.</summary>
    private static bool CheckExpressions(JsonNode? value, string path, LoadContext context)
    {
        ReportMalformedExpressions(value, path, context);
        var any = false;
        foreach (var (suffix, code) in ExpressionSyntax.FindExpressions(value))
        {
            any = true;
            if (JavaScriptEvaluator.CheckSyntax(code) is { } error)
            {
                context.Error($"{path}{suffix}.js", $"the expression does not parse: {error}");
            }
        }

        return any;
    }

    private static void CheckIds(ActivityNode root, LoadContext context)
    {
        var seen = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        foreach (var node in root.DescendantsAndSelf())
        {
            if (!seen.TryAdd(node.Id, node))
            {
                context.Error($"{node.Path}.id", $"duplicate activity id '{node.Id}', also used at {seen[node.Id].Path}; ids must be unique in a definition");
            }
        }
    }

    private static void CheckKeys(JsonObject obj, string path, IReadOnlyCollection<string> allowed, string what, LoadContext context, string? alreadyReported = null)
    {
        foreach (var (key, _) in obj)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal) && key != alreadyReported)
            {
                var suggestion = Suggest(key, allowed);
                context.Error($"{path}.{key}", $"unknown property '{key}' for {what}{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}; allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    private static string? ReadOptionalString(JsonObject obj, string key, string path, LoadContext context)
    {
        if (obj[key] is not { } node)
        {
            return null;
        }

        if (IsString(node, out var text))
        {
            return text;
        }

        context.Error($"{path}.{key}", $"must be a string, got {DataTypes.Describe(node)}");
        return null;
    }

    /// <summary>Activities without an id get one from their path; '@' keeps it apart from ids people write.</summary>
    private static string GeneratedId(string path) => "@" + path[2..];

    private static bool IsString(JsonNode? node, out string text)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            text = v.GetValue<string>();
            return true;
        }

        text = string.Empty;
        return false;
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private static string Range(PropertyDescriptor property) => (property.Minimum, property.Maximum) switch
    {
        ({ } min, { } max) => $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
        _ => "any number",
    };

    /// <summary>A value's type and text for messages ("string \"two\""); a null is just "null".</summary>
    private static string Given(JsonNode? value) => value is null ? "null" : $"{DataTypes.Describe(value)} {Show(value)}";

    private static string Article(DataType type) => type switch
    {
        DataType.Integer or DataType.Array or DataType.Object => $"an {type.ToName()}",
        DataType.Any => "any value",
        _ => $"a {type.ToName()}",
    };

    /// <summary>
    /// A JsonException's message without the " Path: … | LineNumber: … | BytePositionInLine: …" it
    /// appends: the error carries its own path and position, and the bytes would disagree with the column.
    /// </summary>
    private static string FirstSentence(string message)
    {
        var cut = JsonExceptionSuffixes
            .Select(marker => message.IndexOf(marker, StringComparison.Ordinal))
            .Where(index => index > 0)
            .DefaultIfEmpty(message.Length)
            .Min();
        return message[..cut];
    }

    /// <summary>The closest known name by edit distance, when it is close enough to be a typo.</summary>
    private static string? Suggest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, typed.Length / 3) ? best : null;
    }

    /// <summary>
    /// Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as
    /// one edit: swapped letters ("Lgo" for "Log") are a common typo, which Levenshtein counts as two.
    /// </summary>
    private static int EditDistance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var beforePrevious = new int[b.Length + 1];
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }

    // '\z', not '$': in .NET '$' also matches before a final '\n', which would let "name\n" through.
    [GeneratedRegex("^" + DefinitionSchema.NameBody + @"\z")]
    private static partial Regex DefinitionNamePattern();

    [GeneratedRegex("^" + DefinitionSchema.IdentifierBody + @"\z")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^" + DefinitionSchema.ActivityIdBody + @"\z")]
    private static partial Regex ActivityIdPattern();

    private sealed class LoadContext(string? file)
    {
        public string? File { get; } = file;

        /// <summary>The errors so far, without positions: <see cref="Load(string, string?)"/> adds them at the end.</summary>
        public List<ValidationError> Errors { get; } = [];

        public void Error(string path, string message) => Errors.Add(new ValidationError(File, path, null, null, message));
    }
}
