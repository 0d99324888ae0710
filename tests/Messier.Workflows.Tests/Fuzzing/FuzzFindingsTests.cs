using Messier.Workflows.Journal;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>What the definition fuzzer found, each kept as a plain test so it stays fixed whatever the generator does next.</summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public async Task An_import_in_an_expression_faults_the_run_saying_so()
    {
        // Jint refuses import() with an InvalidOperationException, which went past the interpreter unhandled.
        var fixture = new EngineFixture();

        var result = await fixture.StartAsync("""{"name":"imports","root":{"type":"Probe","id":"p","value":{"js":"import('fs')"}}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("Expression 'import('fs')' failed", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "p"));
    }

    [Fact]
    public async Task A_step_whose_input_nests_deeper_than_64_levels_is_committed_and_runs()
    {
        // The state's serializer stopped at 64 levels, so committing the step's start threw.
        var nested = string.Concat(Enumerable.Repeat("[", 100)) + "1" + string.Concat(Enumerable.Repeat("]", 100));
        var fixture = new EngineFixture();

        var result = await fixture.StartAsync($$$"""{"name":"deep","root":{"type":"Probe","id":"p","value":{{{nested}}}}}""");

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "p"));
        var started = (await fixture.EntriesAsync(result.InstanceId)).Single(e => e.ActivityId == "p" && e.Event == JournalEvents.Started);
        Assert.Contains(nested, started.DataJson, StringComparison.Ordinal);
    }
}
