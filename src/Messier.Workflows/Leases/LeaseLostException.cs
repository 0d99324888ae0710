namespace Messier.Workflows.Leases;

/// <summary>A commit was refused because another runner owns the instance now.</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
