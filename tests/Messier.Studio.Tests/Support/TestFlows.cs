namespace Messier.Studio.Tests.Support;

/// <summary>Small definitions the tests run with the real messier binary: real commands, a real approval.</summary>
public static class TestFlows
{
    /// <summary>Runs echo, waits for an approval, then sleeps a little so the page sees it running.</summary>
    public const string Approval = """
        {
          "name": "approval-demo",
          "description": "Runs a command, waits for an approval, then runs another.",
          "inputs": {"who": {"type": "string", "default": "world"}},
          "variables": {"greeting": null},
          "outputs": {"greeting": {"js": "vars.greeting"}},
          "root": {
            "type": "Sequence",
            "activities": [
              {"type": "Run", "id": "hello", "argv": ["echo", "hello", {"js": "input.who"}]},
              {"type": "SetVariable", "name": "greeting", "value": {"js": "steps.hello.stdout.trim()"}},
              {"type": "Approve", "id": "approve-go", "message": "Go on with the second step?"},
              {"type": "Run", "id": "after", "argv": ["sleep", "1"]}
            ]
          }
        }
        """;

    /// <summary>Finishes at once.</summary>
    public const string Quick = """
        {
          "name": "quick",
          "root": {"type": "Run", "id": "say", "argv": ["echo", "quick"]}
        }
        """;

    /// <summary>Faults until the file named by the input exists (so a retry can succeed).</summary>
    public const string NeedsFile = """
        {
          "name": "needs-file",
          "inputs": {"file": {"type": "string", "required": true}},
          "root": {"type": "Run", "id": "check", "argv": ["test", "-e", {"js": "input.file"}]}
        }
        """;

    /// <summary>Runs long enough for another process to meet its lease.</summary>
    public const string Slow = """
        {
          "name": "slow",
          "root": {"type": "Run", "id": "wait", "argv": ["sleep", "60"]}
        }
        """;

    /// <summary>A short step, for a runner to be killed in the middle of and resumed.</summary>
    public const string Nap = """
        {
          "name": "nap",
          "root": {"type": "Sequence", "activities": [
            {"type": "Run", "id": "nap", "argv": ["sleep", "3"]},
            {"type": "Run", "id": "wake", "argv": ["echo", "awake"]}
          ]}
        }
        """;

    /// <summary>A step that fails inside a Try whose catch runs: the instance finishes, the failed step stays marked.</summary>
    public const string Caught = """
        {
          "name": "caught",
          "description": "Shows </script><script>window.injected = true</script> as text, never as markup.",
          "root": {
            "type": "Try",
            "id": "guard",
            "try": {"type": "Run", "id": "fails", "argv": ["false"]},
            "catch": {"type": "Run", "id": "handles", "argv": ["echo", "handled"]}
          }
        }
        """;

    public static string WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "approval-demo.json"), Approval);
        File.WriteAllText(Path.Combine(directory, "quick.json"), Quick);
        File.WriteAllText(Path.Combine(directory, "needs-file.json"), NeedsFile);
        File.WriteAllText(Path.Combine(directory, "slow.json"), Slow);
        File.WriteAllText(Path.Combine(directory, "caught.json"), Caught);
        File.WriteAllText(Path.Combine(directory, "nap.json"), Nap);
        return directory;
    }
}
