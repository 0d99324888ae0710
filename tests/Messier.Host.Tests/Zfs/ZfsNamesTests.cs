using Messier.Host.Zfs;

namespace Messier.Host.Tests.Zfs;

/// <summary>The naming rules applied before any command runs.</summary>
public sealed class ZfsNamesTests
{
    [Theory]
    [InlineData("messier")]
    [InlineData("tank_2.a:b-c")]
    public void Valid_pool_names_pass(string name) => Assert.Null(ZfsNames.PoolProblem(name));

    [Theory]
    [InlineData("")]
    [InlineData("-f")]
    [InlineData("p; rm -rf /")]
    [InlineData("2tank")]
    [InlineData("mirror1")]
    [InlineData("raidz")]
    [InlineData("log")]
    [InlineData("c0d0")]
    [InlineData("tank/ds")]
    [InlineData("tank@s")]
    [InlineData("ta nk")]
    [InlineData("tank\n")]
    public void Invalid_pool_names_are_refused(string name) => Assert.NotNull(ZfsNames.PoolProblem(name));

    [Theory]
    [InlineData("messier/docker")]
    [InlineData("messier/docker/compose")]
    [InlineData("messier/time_machines")]
    public void Valid_dataset_names_pass(string name) => Assert.Null(ZfsNames.DatasetProblem(name));

    [Theory]
    [InlineData("messier/")]
    [InlineData("messier//docker")]
    [InlineData("messier/-r")]
    [InlineData("messier/..")]
    [InlineData("messier/a b")]
    [InlineData("messier/a;b")]
    [InlineData("-f/docker")]
    [InlineData("messier/docker@snap")]
    public void Invalid_dataset_names_are_refused(string name) => Assert.NotNull(ZfsNames.DatasetProblem(name));

    [Fact]
    public void A_name_longer_than_zfs_allows_is_refused() =>
        Assert.NotNull(ZfsNames.DatasetProblem("messier/" + new string('a', 250)));

    [Theory]
    [InlineData("messier/apps@2024-01-01", true)]
    [InlineData("messier/apps@", false)]
    [InlineData("messier/apps@a@b", false)]
    [InlineData("messier/apps@-f", false)]
    [InlineData("messier/apps", false)]
    public void Snapshot_names_are_dataset_at_name(string name, bool valid) =>
        Assert.Equal(valid, ZfsNames.SnapshotProblem(name) is null);
}
