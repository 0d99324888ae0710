namespace Messier.Host.Tests.Docker;

/// <summary>Tests that start their own dockerd run one at a time: each daemon is heavy, and bridges share the host.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerDaemons
{
    public const string Name = "docker daemons";
}
