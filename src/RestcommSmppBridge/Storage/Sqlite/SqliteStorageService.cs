namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Opens the store when the host starts and closes it when the host has stopped. Migrations run in
/// <see cref="StartingAsync"/>, which the host runs before any hosted service's StartAsync, so the schema is in
/// place before Kestrel serves a request or a carrier binds. The writer stops in <see cref="StoppedAsync"/>, after
/// every other service has stopped, so their last writes still commit.
/// </summary>
internal sealed class SqliteStorageService : IHostedLifecycleService
{
    private readonly SqliteDatabase _database;

    public SqliteStorageService(SqliteDatabase database)
    {
        _database = database;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => _database.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await _database.DisposeAsync().ConfigureAwait(false);
}
