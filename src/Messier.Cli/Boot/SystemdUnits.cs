namespace Messier.Cli.Boot;

/// <summary>
/// The systemd units that make resume happen at boot, as text: messier-resume.service, which runs
/// `messier resume --all` once the pools are imported and mounted, and a drop-in for each of
/// docker.service and containerd.service that refuses to start them while a flow holds them
/// stopped (messier hold check). The resume is ordered Before=docker.service containerd.service
/// but is Type=exec, not oneshot: the resumed flow starts Docker itself at its end, and a Docker
/// start job ordered after a oneshot would wait for that oneshot to finish, which waits for Docker:
/// a deadlock. With exec, ordering holds only until messier has started; what keeps Docker off
/// half-moved data meanwhile is the drop-in's hold check, not the ordering.
/// </summary>
internal sealed class SystemdUnits
{
    public const string ResumeUnit = "messier-resume.service";

    public static readonly string[] HeldUnits = ["docker.service", "containerd.service"];

    public SystemdUnits(string binary, string journal)
    {
        Binary = binary;
        Journal = journal;
    }

    public string Binary { get; }

    public string Journal { get; }

    /// <summary>File names relative to the unit directory, and their contents.</summary>
    public IReadOnlyList<(string RelativePath, string Text)> Files =>
    [
        (ResumeUnit, ResumeService),
        .. HeldUnits.Select(unit => ($"{unit}.d/messier-hold.conf", HoldDropIn(unit))),
    ];

    private string ResumeService => $"""
        # Installed by 'messier install-units'. Resumes the workflows a crash or a reboot interrupted.
        [Unit]
        Description=Resume interrupted messier workflows
        # The flows expect their pools imported and their datasets mounted, as before the reboot.
        After=local-fs.target zfs-import.target zfs-mount.service
        Wants=zfs-mount.service
        # Started before Docker and containerd, whose drop-ins refuse to start them while a flow
        # holds them stopped; the flow starts them itself when it is done.
        Before=docker.service containerd.service

        [Service]
        # exec, not oneshot: a oneshot would hold Docker's start job until the flow ends, and the
        # flow ends by starting Docker. A flow moving a large dataset runs as long as it takes.
        Type=exec
        ExecStart={Quote(Binary)} --journal {Quote(Journal)} resume --all
        # 3: an instance waits for an approval ('messier approve'); that is not a failed boot.
        SuccessExitStatus=3

        [Install]
        WantedBy=multi-user.target

        """;

    private string HoldDropIn(string unit) => $"""
        # Installed by 'messier install-units'. {unit} does not start while an unfinished messier
        # flow holds it stopped (its data is being moved); the flow starts it when it is done.
        [Service]
        ExecStartPre={Quote(Binary)} --journal {Quote(Journal)} hold check {unit}

        """;

    /// <summary>systemd's quoting for one word of a command line.</summary>
    private static string Quote(string word) =>
        word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '%' or ';')
            ? "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal) + "\""
            : word;
}
