namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// One queued write. <see cref="Execute"/> runs on the writer inside the batch's transaction and may run again if
/// the batch is replayed (so it keeps its result in a field and has no other side effect); the caller is completed
/// only after the commit.
/// </summary>
internal abstract class SqliteWriteRequest
{
    /// <summary>Does the SQL work inside the open batch transaction.</summary>
    public abstract void Execute(SqliteWriteContext context);

    /// <summary>Completes the caller with the result of the last <see cref="Execute"/>; called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Fails the caller; the write is not in the database.</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A write with state <typeparamref name="TState"/> whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal sealed class SqliteWriteRequest<TState, TResult> : SqliteWriteRequest
{
    private readonly TState _state;
    private readonly Func<SqliteWriteContext, TState, TResult> _execute;

    // RunContinuationsAsynchronously: the caller's continuation must not run inline on the writer loop
    // (style.md P3), or one slow caller would stall every later commit.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public SqliteWriteRequest(TState state, Func<SqliteWriteContext, TState, TResult> execute)
    {
        _state = state;
        _execute = execute;
    }

    /// <summary>Completes after the write is committed, or fails if it could not be.</summary>
    public Task<TResult> Task => _completion.Task;

    public override void Execute(SqliteWriteContext context) => _result = _execute(context, _state);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
