using System.CommandLine;

namespace Messier.Cli.Composition;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Journal { get; } = new("--journal")
    {
        Description = "The journal database. Default: $MESSIER_JOURNAL, else /var/lib/messier/journal.db for root and $XDG_STATE_HOME/messier/journal.db (~/.local/state/messier/journal.db) for others.",
        Recursive = true,
        HelpName = "PATH",
    };

    public Option<string[]> Definitions { get; } = new("--definitions")
    {
        Description = "Also look for definitions by name in this folder (before /etc/messier/workflows and the shipped workflows/). Repeatable.",
        Recursive = true,
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only results and errors, no progress.",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Journal, Definitions, Quiet];

    public CliSettings Read(ParseResult parseResult) => new(
        JournalLocation.Resolve(parseResult.GetValue(Journal)),
        parseResult.GetValue(Definitions) ?? [],
        parseResult.GetValue(Quiet));
}
