namespace Messier.Workflows.Runtime;

/// <summary>The inputs given to a run do not fit the definition; <see cref="Errors"/> lists each problem.</summary>
public sealed class InputException : Exception
{
    public InputException()
        : this([])
    {
    }

    public InputException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public InputException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
