namespace Messier.Workflows.Commands;

/// <summary>A command's program could not be started; the message names it.</summary>
public sealed class CommandStartException : Exception
{
    public CommandStartException()
    {
    }

    public CommandStartException(string message)
        : base(message)
    {
    }

    public CommandStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
