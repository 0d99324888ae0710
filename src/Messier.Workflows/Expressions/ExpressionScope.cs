using System.Text.Json.Nodes;

namespace Messier.Workflows.Expressions;

/// <summary>
/// What an expression can see: <c>input</c> (the workflow inputs), <c>vars</c> (variables, with
/// loop-local ones such as a ForEach item on top) and <c>steps</c> (each activity's latest outputs by id).
/// </summary>
public sealed record ExpressionScope(JsonObject Input, JsonObject Vars, JsonObject Steps);
