namespace Messier.Workflows.Commands;

/// <summary>
/// An external command as an argv array: the first word is the program, each further word one
/// argument, handed to the kernel as is. There is no shell anywhere between.
/// </summary>
public sealed record CommandRequest(IReadOnlyList<string> Argv)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes one) on top of the runner's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? StandardInput { get; init; }

    /// <summary>After this the command is interrupted (SIGINT), then killed after a grace period.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Exit codes that count as success; anything else makes the step fail.</summary>
    public IReadOnlyList<int> AcceptedExitCodes { get; init; } = [0];

    /// <summary>
    /// The command starts something meant to outlive the step, such as a service's daemon: it is
    /// not marked with the runner, so a runner resuming after a crash does not take what it
    /// started for a leftover and stop it.
    /// </summary>
    public bool OutlivesStep { get; init; }

    /// <summary>Receives output lines as they come, for long steps' progress.</summary>
    public Action<string>? OnOutputLine { get; init; }
}
