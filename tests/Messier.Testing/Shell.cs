using System.Diagnostics;

namespace Messier.Testing;

/// <summary>Runs a real command for test setup and inspection (argv, never a shell string).</summary>
public static class Shell
{
    public static (int ExitCode, string Output) Run(params string[] argv)
    {
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs the command and fails the test if it fails.</summary>
    public static string Must(params string[] argv)
    {
        var (code, output) = Run(argv);
        Assert.True(code == 0, $"{string.Join(' ', argv)} exited with {code}: {output}");
        return output;
    }
}
