namespace Messier.Workflows.Expressions;

/// <summary>The sandbox's bounds: an expression that loops or allocates without end is stopped, not the host.</summary>
public sealed record ExpressionLimits(TimeSpan Timeout, long MemoryBytes, int MaxStatements, int MaxRecursion)
{
    public static ExpressionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 32L * 1024 * 1024, 100_000, 64);
}
