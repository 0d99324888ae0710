namespace Messier.Workflows.Runtime;

/// <summary>An operator's request cannot be carried out (unknown instance, wrong status); the message says why and what to do.</summary>
public sealed class EngineException : Exception
{
    public EngineException()
    {
    }

    public EngineException(string message)
        : base(message)
    {
    }

    public EngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
