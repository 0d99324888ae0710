namespace Messier.Workflows.Expressions;

/// <summary>An expression failed to parse or evaluate; the message names the expression.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
