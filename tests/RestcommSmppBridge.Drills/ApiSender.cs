using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RestcommSmppBridge.Drills;

/// <summary>What one API send got back.</summary>
internal enum SendOutcome
{
    /// <summary>Not attempted yet.</summary>
    NotSent,

    /// <summary>200: the bridge stored it (README: acknowledged means stored).</summary>
    Acknowledged,

    /// <summary>An HTTP answer other than 200 (503 while shutting down, …): not stored.</summary>
    Refused,

    /// <summary>No answer (connection refused or cut by a kill): it may or may not be stored.</summary>
    NoAnswer,
}

/// <summary>
/// Sends drill messages through the bridge's REST API (<c>POST …/SMS/Messages.json</c>), at a steady pace, with a
/// bound on requests in flight, and keeps the outcome of each. The destination varies over 1,000 numbers because the
/// bridge sends one message at a time per destination.
/// </summary>
internal sealed class ApiSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<Uri> _address;
    private readonly string _accountSid;
    private readonly DrillBodies _bodies;
    private readonly Uri? _statusCallback;
    private readonly byte[] _outcomes;

    public ApiSender(Func<Uri> address, string accountSid, string authToken, DrillBodies bodies, Uri? statusCallback, int concurrency)
    {
        _address = address;
        _accountSid = accountSid;
        _bodies = bodies;
        _statusCallback = statusCallback;
        _outcomes = new byte[bodies.Count];
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + authToken)));
    }

    public SendOutcome Outcome(int index) => (SendOutcome)Volatile.Read(ref _outcomes[index]);

    public int Count(SendOutcome outcome)
    {
        int count = 0;
        for (int i = 0; i < _outcomes.Length; i++)
        {
            if ((SendOutcome)_outcomes[i] == outcome)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Sends message <paramref name="index"/> once and records what came back.</summary>
    public async Task SendAsync(int index, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("From", "+15550100"),
            new("To", "+4477009" + (index % 1000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)),
            new("Body", _bodies.Body(index)),
        ];
        if (_statusCallback is not null)
        {
            form.Add(new("StatusCallback", _statusCallback.ToString()));
        }

        Uri url = new(_address(), $"restcomm/2012-04-24/Accounts/{_accountSid}/SMS/Messages.json");
        SendOutcome outcome;
        try
        {
            using FormUrlEncodedContent content = new(form);
            using HttpResponseMessage response = await _http.PostAsync(url, content, cancellationToken);
            outcome = response.StatusCode == HttpStatusCode.OK ? SendOutcome.Acknowledged : SendOutcome.Refused;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            outcome = SendOutcome.NoAnswer;
        }

        Volatile.Write(ref _outcomes[index], (byte)outcome);
    }

    /// <summary>
    /// Starts message 0, 1, 2, … at <paramref name="rate"/> per second (fixed schedule, ticks of 10 ms), at most
    /// <paramref name="concurrency"/> in flight, until <paramref name="count"/> are started or
    /// <paramref name="stopStarting"/> fires. Returns how many were started, once every one has finished.
    /// </summary>
    public static async Task<int> RunPacedAsync(int count, double rate, int concurrency, Func<int, CancellationToken, Task> send,
        CancellationToken stopStarting, CancellationToken cancellationToken)
    {
        using SemaphoreSlim slots = new(concurrency, concurrency);
        TimeProvider time = TimeProvider.System;
        long start = time.GetTimestamp();
        int next = 0;
        using PeriodicTimer timer = new(TimeSpan.FromMilliseconds(10), time);
        while (next < count && !stopStarting.IsCancellationRequested)
        {
            double elapsed = time.GetElapsedTime(start).TotalSeconds;
            int due = (int)Math.Min(count, Math.Floor(elapsed * rate) + 1);
            while (next < due)
            {
                await slots.WaitAsync(cancellationToken);
                int index = next++;
                _ = RunOneAsync(index);
            }

            if (next < count)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }

        for (int i = 0; i < concurrency; i++)
        {
            await slots.WaitAsync(cancellationToken);
        }

        return next;

        async Task RunOneAsync(int index)
        {
            try
            {
                await send(index, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
