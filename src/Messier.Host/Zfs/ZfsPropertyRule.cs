namespace Messier.Host.Zfs;

/// <summary>One row of the property table zpool or zfs prints with its usage.</summary>
/// <param name="Name">The property, or a prefix ending in "@..." (userquota@...).</param>
/// <param name="Editable">The EDIT column.</param>
/// <param name="Inheritable">The INHERIT column; null in zpool's table, which has none.</param>
/// <param name="Values">The VALUES column as printed, e.g. "on | off | lzjb | gzip | gzip-[1-9] | zle".</param>
internal sealed record ZfsPropertyRule(string Name, bool Editable, bool? Inheritable, string Values)
{
    /// <summary>
    /// Properties that can never be set. For datasets, EDIT NO with INHERIT YES (casesensitivity,
    /// utf8only…) still means "settable at creation", which is exactly what -O does.
    /// </summary>
    public bool ReadOnly => !Editable && Inheritable != true;

    public bool IsPrefix => Name.EndsWith("@...", StringComparison.Ordinal);

    public bool Matches(string property) =>
        IsPrefix ? property.StartsWith(Name[..^3], StringComparison.Ordinal) && property.Length > Name.Length - 3 : property == Name;
}
