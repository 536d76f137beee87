using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace RestcommSmppBridge.Smpp.Transport;

/// <summary>Opens SMPP connections over TCP, optionally with TLS.</summary>
public static class TcpTransport
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/> (TCP and TLS
    /// handshake together). Throws <see cref="SocketException"/>, <see cref="TimeoutException"/> or an
    /// <see cref="System.Security.Authentication.AuthenticationException"/> on failure.
    /// </summary>
    public static async Task<ISmppTransport> ConnectAsync(string host, int port, TlsClientOptions? tls, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            try
            {
                await socket.ConnectAsync(host, port, timeoutCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"TCP connect to {host}:{port} took longer than {timeout.TotalSeconds:0.#} s.");
            }

            string remote = socket.RemoteEndPoint?.ToString() ?? $"{host}:{port}";
            var network = new NetworkStream(socket, ownsSocket: false);
            if (tls is null)
            {
                return new StreamTransport(network, remote, socket);
            }

            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                X509Certificate2? clientCertificate = tls.CurrentClientCertificate();
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? host,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => tls.Validate(certificate, errors),
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                }, timeoutCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"TLS handshake with {host}:{port} took longer than {timeout.TotalSeconds:0.#} s.");
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return new StreamTransport(ssl, remote, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an accepted server-side socket (plain TCP).</summary>
    public static ISmppTransport FromAcceptedSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        return new StreamTransport(new NetworkStream(socket, ownsSocket: false),
            (socket.RemoteEndPoint as IPEndPoint)?.ToString() ?? "unknown", socket);
    }
}
