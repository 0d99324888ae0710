using Messier.Host.Zfs;

namespace Messier.Host.Tests.Zfs;

/// <summary>
/// The VALUES column forms zpool and zfs print. zfs-fuse's are checked live in ZfsPreflightTests;
/// these add forms only newer OpenZFS prints (zstd lists), which cannot be run here.
/// </summary>
public sealed class ZfsPropertyValuesTests
{
    [Theory]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle", "gzip-9", true)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle", "gzip-10", false)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle", "lz4", false)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle", "gzip-", false)]
    [InlineData("on | off | verify | sha256[,verify]", "sha256,verify", true)]
    [InlineData("on | off | verify | sha256[,verify]", "sha256", true)]
    [InlineData("on | off | verify | sha256[,verify]", "sha256,", false)]
    [InlineData("<ashift, 9-13, or 0=default>", "13", true)]
    [InlineData("<ashift, 9-13, or 0=default>", "0", true)]
    [InlineData("<ashift, 9-13, or 0=default>", "8", false)]
    [InlineData("<ashift, 9-13, or 0=default>", "twelve", false)]
    [InlineData("<size> | none", "16G", true)]
    [InlineData("512 to 128k, power of 2", "16K", true)]
    [InlineData("on | off | share(1M) options", "rw=@10.0.0.0/8", true)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]", "zstd-19", true)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]", "zstd-fast-500", true)]
    [InlineData("on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]", "zstd-20", false)]
    public void A_value_fits_its_listed_values(string values, string value, bool accepted) =>
        Assert.Equal(accepted, ZfsPropertyValues.Accepts(values, value));
}
