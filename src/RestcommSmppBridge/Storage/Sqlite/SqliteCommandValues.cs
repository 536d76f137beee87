using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Binding and reading for the writer's prepared commands (<see cref="SqliteWriteContext.Prepared(string)"/>):
/// parameters by name, rows through Dapper's row parser, so a reused statement reads the same row classes the
/// one-shot Dapper queries read.
/// </summary>
internal static class SqliteCommandValues
{
    // Dapper's GetRowParser hashes the reader's column names and types on every call, and Microsoft.Data.Sqlite works
    // out a NULL column's type from its declared type with a LINQ query each time: a twentieth of the daemon's
    // allocations per send came from the outbox's claim and mark-sent reads on the writer. A prepared command's
    // columns do not change, so the parser built for its first row is kept with it (and rebuilt should its SQL or
    // row type change). Dapper itself reads every row of one result with the parser built for the first.
    private static readonly ConditionalWeakTable<SqliteCommand, KeptParser> s_parsers = new();

    /// <summary>Sets parameter <paramref name="name"/> (with its <c>@</c>); null becomes SQL NULL.</summary>
    public static SqliteCommand Set(this SqliteCommand command, string name, object? value)
    {
        command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    /// <summary>Every row of the result, mapped as Dapper maps it.</summary>
    public static List<T> Rows<T>(this SqliteCommand command)
    {
        List<T> rows = [];
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return rows;
        }

        Func<DbDataReader, T> parse = ParserFor<T>(command, reader);
        do
        {
            rows.Add(parse(reader));
        }
        while (reader.Read());

        return rows;
    }

    /// <summary>The first row, or the default when there is none.</summary>
    public static T? FirstOrDefault<T>(this SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? ParserFor<T>(command, reader)(reader) : default;
    }

    private static Func<DbDataReader, T> ParserFor<T>(SqliteCommand command, SqliteDataReader reader)
    {
        KeptParser kept = s_parsers.GetOrCreateValue(command);
        if (kept.Parser is Func<DbDataReader, T> parser && ReferenceEquals(kept.Sql, command.CommandText))
        {
            return parser;
        }

        parser = reader.GetRowParser<T>();
        kept.Sql = command.CommandText;
        kept.Parser = parser;
        return parser;
    }

    /// <summary>The first column of the first row; null when there is no row or the value is NULL.</summary>
    public static object? Scalar(this SqliteCommand command)
    {
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>The distinct <c>@Name</c> parameters of <paramref name="sql"/>, in order of first use.</summary>
    public static string[] ParameterNames(string sql)
    {
        List<string> names = [];
        for (int i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '@')
            {
                continue;
            }

            int end = i + 1;
            while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            string name = sql[i..end];
            if (name.Length > 1 && !names.Contains(name))
            {
                names.Add(name);
            }

            i = end - 1;
        }

        return [.. names];
    }

    /// <summary>The row parser kept for one command, and the SQL it was built for.</summary>
    private sealed class KeptParser
    {
        public string? Sql { get; set; }

        public Delegate? Parser { get; set; }
    }
}
