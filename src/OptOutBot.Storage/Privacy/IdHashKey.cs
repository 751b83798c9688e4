namespace OptOutBot.Storage.Privacy;

/// <summary>
/// Which key hashes ids, decided the same way on both stores: the <c>Storage:IdHashKey</c> setting, else the key
/// generated into the database on first run. The database keeps a check value, so a host given a different key
/// stops with a message instead of silently losing every conversation and subscription owner.
/// </summary>
internal static class IdHashKey
{
    public const string KeyName = "id_hash_key";
    public const string CheckName = "id_hash_key_check";
    public const string HashedName = "ids_hashed";

    /// <param name="configured">The setting, or null.</param>
    /// <param name="storedKey">The key generated earlier into the database, or null.</param>
    /// <param name="storedCheck">The check value in the database, or null on first run.</param>
    /// <param name="newKey">A key to store (none configured, none stored yet), else null.</param>
    /// <param name="newCheck">The check value to store on first run, else null.</param>
    public static IdHasher Resolve(string? configured, string? storedKey, string? storedCheck, out string? newKey, out string? newCheck)
    {
        newKey = null;
        string text;
        if (!string.IsNullOrEmpty(configured))
        {
            text = configured;
        }
        else if (storedKey is not null)
        {
            text = storedKey;
        }
        else
        {
            text = newKey = IdHasher.NewKey();
        }

        var hasher = new IdHasher(IdHasher.KeyFromSetting(text));
        var check = hasher.KeyCheck();
        if (storedCheck is not null && storedCheck != check)
        {
            throw new InvalidOperationException(
                "Storage:IdHashKey does not match the key this database's ids were hashed with. Set Storage:IdHashKey to the value every "
                + "host of this deployment uses (or remove it if the database generated its own key on first run).");
        }

        newCheck = storedCheck is null ? check : null;
        return hasher;
    }
}
