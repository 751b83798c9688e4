using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;

namespace OptOutBot.Testing;

/// <summary>Looks for ids in the raw bytes a database left on disk: what someone with the file could read, deleted rows included.</summary>
public static class RawDatabaseScan
{
    /// <summary>
    /// The ids found in the SQLite file, its <c>-wal</c> and <c>-journal</c>: as UTF-8 text, and for numeric ids also as the
    /// big-endian integer SQLite would store in an INTEGER column.
    /// </summary>
    public static IReadOnlyList<string> SqliteFilesContaining(string databasePath, IEnumerable<string> ids)
    {
        var contents = new[] { databasePath, databasePath + "-wal", databasePath + "-journal" }
            .Where(File.Exists)
            .Select(ReadShared)
            .ToList();
        return ids.Where(id => Patterns(id).Any(p => contents.Any(c => c.AsSpan().IndexOf(p) >= 0))).ToList();
    }

    /// <summary>The ids that occur in any of <paramref name="texts"/> (e.g. a dump of every table).</summary>
    public static IReadOnlyList<string> TextsContaining(IEnumerable<string> texts, IEnumerable<string> ids)
    {
        var all = string.Join('\n', texts);
        return ids.Where(id => all.Contains(id, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Every row of every table of the database's public schema, as PostgreSQL prints it ("table: (a,b,…)").</summary>
    public static async Task<List<string>> PostgresTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(table + ": " + reader.GetString(0));
            }
        }

        return rows;
    }

    private static IEnumerable<byte[]> Patterns(string id)
    {
        yield return Encoding.UTF8.GetBytes(id);
        if (long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) > 0xFFFF_FFFF)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, number);
            yield return bytes;
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
