using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>Loads definition texts with the default registry and checks where and why they fail.</summary>
internal static class LoadAssert
{
    public const string SourceFile = "flows/test.json";

    public static DefinitionLoader Loader { get; } = new(ActivityRegistry.CreateDefault());

    public static WorkflowDefinition Valid(string json)
    {
        var result = Loader.Load(json, SourceFile);
        Assert.True(result.IsValid, "expected a valid definition, got:\n" + string.Join("\n", result.Errors));
        return result.Definition!;
    }

    public static IReadOnlyList<ValidationError> Invalid(string json)
    {
        var result = Loader.Load(json, SourceFile);
        Assert.Null(result.Definition);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>The definition fails with exactly one error, at this path and position, saying these words.</summary>
    public static ValidationError SingleError(string json, string path, int line, int column, params string[] words)
    {
        var errors = Invalid(json);
        Assert.True(errors.Count == 1, $"expected one error, got {errors.Count}:\n{string.Join("\n", errors)}");
        return Error(errors[0], path, line, column, words);
    }

    public static ValidationError Error(ValidationError error, string path, int line, int column, params string[] words)
    {
        Assert.Equal(SourceFile, error.File);
        Assert.Equal(path, error.JsonPath);
        Assert.Equal<(int?, int?)>((line, column), (error.Line, error.Column));
        foreach (var word in words)
        {
            Assert.Contains(word, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    /// <summary>The one error reported at <paramref name="path"/> among several.</summary>
    public static ValidationError At(IReadOnlyList<ValidationError> errors, string path) =>
        Assert.Single(errors, e => e.JsonPath == path);
}
