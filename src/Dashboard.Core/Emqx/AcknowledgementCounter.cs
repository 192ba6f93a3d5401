namespace Dashboard.Core.Emqx;

/// <summary>
/// Counts items written into the pipeline and their acknowledgements, so a writer can wait until
/// all it wrote has been applied and stored. The pipeline acknowledges in arrival order.
/// </summary>
internal sealed class AcknowledgementCounter
{
    private readonly Lock _gate = new();
    private long _written;
    private long _acknowledged;
    private TaskCompletionSource? _waiter;

    public AcknowledgementCounter()
    {
        Acknowledge = _ =>
        {
            lock (_gate)
            {
                _acknowledged++;
                if (_acknowledged == _written)
                {
                    _waiter?.TrySetResult();
                }
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>The callback to give every item written.</summary>
    public Func<CancellationToken, Task> Acknowledge { get; }

    /// <summary>Items written and not yet acknowledged.</summary>
    public long Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _written - _acknowledged;
            }
        }
    }

    /// <summary>Call before writing each item.</summary>
    public void CountWritten()
    {
        lock (_gate)
        {
            _written++;
        }
    }

    /// <summary>Completes once every item counted so far is acknowledged.</summary>
    public Task AllAcknowledgedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_acknowledged == _written)
            {
                return Task.CompletedTask;
            }

            if (_waiter is null || _waiter.Task.IsCompleted)
            {
                _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
