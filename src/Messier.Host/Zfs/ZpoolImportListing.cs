namespace Messier.Host.Zfs;

/// <summary>Reads what <c>zpool import [-d DIR]…</c> lists: one block per pool, "pool:", "id:", "state:", "action:".</summary>
internal static class ZpoolImportListing
{
    public static IReadOnlyList<ImportablePool> Parse(string output)
    {
        var pools = new List<ImportablePool>();
        string? name = null, id = null, state = null;
        var action = new List<string>();
        var inAction = false;

        void Flush()
        {
            if (name is not null)
            {
                pools.Add(new ImportablePool(name, id ?? string.Empty, state ?? "UNKNOWN", string.Join(' ', action)));
            }

            name = id = state = null;
            action.Clear();
            inAction = false;
        }

        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 && !raw.StartsWith('\t') ? line[..colon] : null;
            var value = colon > 0 ? line[(colon + 1)..].Trim() : string.Empty;
            switch (key)
            {
                case "pool":
                    Flush();
                    name = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "state":
                    state = value;
                    break;
                case "action":
                    action.Add(value);
                    inAction = true;
                    break;
                case "status" or "see" or "config" or "comment":
                    inAction = false;
                    break;
                default:
                    if (inAction && line.Length > 0)
                    {
                        action.Add(line);
                    }

                    break;
            }
        }

        Flush();
        return pools;
    }
}
