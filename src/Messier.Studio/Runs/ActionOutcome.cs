using Messier.Workflows.Runtime;

namespace Messier.Studio.Runs;

/// <summary>What an action's request learned before answering: the run began (and goes on), or it already ended with a result.</summary>
/// <param name="Result">Set when the run ended before the request answered (a refusal, a quick run).</param>
internal sealed record ActionOutcome(bool Began, RunResult? Result);
