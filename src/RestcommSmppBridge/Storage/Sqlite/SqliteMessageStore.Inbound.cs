namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Inserts <paramref name="message"/> (and its first history entry) inside another store's write request, so the
    /// inbound store commits a message and its webhook in one transaction with the very same SQL as
    /// <see cref="InsertAsync"/>.
    /// </summary>
    internal static void InsertWithin(SqliteWriteContext context, SmsMessage message) => s_insert(context, message);
}
