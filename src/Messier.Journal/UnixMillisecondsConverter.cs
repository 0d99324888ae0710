using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Messier.Journal;

/// <summary>Stores a <see cref="DateTimeOffset"/> as unix milliseconds (UTC); read back with offset zero.</summary>
internal sealed class UnixMillisecondsConverter : ValueConverter<DateTimeOffset, long>
{
    public UnixMillisecondsConverter()
        : base(value => value.ToUnixTimeMilliseconds(), value => DateTimeOffset.FromUnixTimeMilliseconds(value))
    {
    }
}
