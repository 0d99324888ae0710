namespace Messier.Workflows.Definitions;

/// <summary>A definition could not be loaded; <see cref="Errors"/> says why, each error on its own line in the message.</summary>
public sealed class DefinitionException : Exception
{
    public DefinitionException()
        : this([])
    {
    }

    public DefinitionException(string message)
        : base(message)
    {
        Errors = [];
    }

    public DefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public DefinitionException(IReadOnlyList<ValidationError> errors)
        : base(errors.Count == 0 ? "The definition is invalid." : string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ValidationError> Errors { get; }
}
