using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;
using RestcommSmppBridge.Smpp.Transport;

namespace RestcommSmppBridge.Smpp.Tests.Server;

/// <summary>The SMSC side over real TCP on 127.0.0.1:0: binds, limits, session table, delivery, TLS, stop.</summary>
[CancelAfter(20_000)]
public sealed class SmppServerTests
{
    private static readonly Dictionary<string, string> s_credentials = new() { ["test"] = "test", ["other"] = "pw" };

    private sealed class SubmitHandler : ISmppServerHandler
    {
        public List<CommandStatus> Decisions { get; } = [];

        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SmppResponse?>(request is SubmitSm
                ? new SubmitSmResp { MessageId = "m" + request.SequenceNumber }
                : request.CreateResponse(CommandStatus.InvalidCommandId));

        public void OnBindDecided(SmppSession session, BindRequest bind, CommandStatus status)
        {
            lock (Decisions)
            {
                Decisions.Add(status);
            }
        }
    }

    /// <summary>Answers submit_sm only when released, ignoring the session's cancellation (an application bug).</summary>
    private sealed class StuckHandler : ISmppServerHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken)
        {
            if (request is not SubmitSm)
            {
                return request.CreateResponse(CommandStatus.Ok);
            }

            Entered.TrySetResult();
            await Release.Task;
            return new SubmitSmResp { MessageId = "late" };
        }
    }

    private static SmppServer StartServer(SmppServerOptions? options = null, SubmitHandler? handler = null)
    {
        var server = new SmppServer(options ?? new SmppServerOptions { Credentials = s_credentials }, handler ?? new SubmitHandler());
        server.Start();
        return server;
    }

    [Test]
    public async Task Start_PortZero_ExposesBoundPortAndAcceptsBind()
    {
        await using SmppServer server = StartServer();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transceiver);

        SubmitSmResp response = await esme.SubmitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(server.LocalEndPoint.Port, Is.Not.Zero);
            Assert.That(server.LocalEndPoint.Address, Is.EqualTo(IPAddress.Loopback));
            Assert.That(response.MessageId, Does.StartWith("m"));
            Assert.That(server.SessionCount, Is.EqualTo(1));
            Assert.That(server.BoundSessionCount, Is.EqualTo(1));
            Assert.That(server.CountBound("test"), Is.EqualTo(1));
            Assert.That(esme.Session.PeerSystemId, Is.EqualTo("smsc"));
        });
    }

    [TestCase("test", "wrong", CommandStatus.InvalidPassword)]
    [TestCase("nobody", "test", CommandStatus.InvalidSystemId)]
    [TestCase("TEST", "test", CommandStatus.InvalidSystemId)]
    public async Task Bind_BadCredentials_Refused(string systemId, string password, CommandStatus expected)
    {
        var handler = new SubmitHandler();
        await using SmppServer server = StartServer(handler: handler);
        await using EsmeConnection esme = await EsmeConnection.ConnectAsync(server.LocalEndPoint);

        BindResponse response = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transmitter, systemId, password),
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(expected));
            Assert.That(server.BoundSessionCount, Is.Zero);
            Assert.That(handler.Decisions, Is.EqualTo(new[] { expected }));
        });
    }

    [TestCase(CommandStatus.AlreadyBound)]
    [TestCase(CommandStatus.BindFailed)]
    public async Task Bind_OverLimit_RefusedWithConfiguredStatusAndFreedOnClose(CommandStatus limitStatus)
    {
        await using SmppServer server = StartServer(new SmppServerOptions
        {
            Credentials = s_credentials,
            MaxBindsPerSystemId = 1,
            BindLimitStatus = limitStatus,
        });
        EsmeConnection first = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transceiver);
        await using EsmeConnection second = await EsmeConnection.ConnectAsync(server.LocalEndPoint);
        await using EsmeConnection otherAccount = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transceiver, "other", "pw");

        BindResponse refused = await second.Session.BindAsync(EsmeConnection.CreateBind(BindType.Receiver, "test", "test"), CancellationToken.None);
        SmppSession serverSide = server.Sessions.First(s => s.PeerSystemId == "test");
        await first.Session.CloseAsync();
        await first.DisposeAsync();
        await serverSide.Completion;
        await using EsmeConnection third = await EsmeConnection.ConnectAsync(server.LocalEndPoint);
        BindResponse accepted = await third.Session.BindAsync(EsmeConnection.CreateBind(BindType.Receiver, "test", "test"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused.CommandStatus, Is.EqualTo(limitStatus));
            Assert.That(accepted.CommandStatus, Is.EqualTo(CommandStatus.Ok), "the closed session no longer holds the slot");
            Assert.That(server.CountBound("test"), Is.EqualTo(1));
            Assert.That(server.CountBound("other"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ClosedSession_RemovedFromTableAtOnce()
    {
        await using SmppServer server = StartServer();
        EsmeConnection esme = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transmitter);
        SmppSession serverSide = server.Sessions.Single();

        await esme.Session.AbortAsync("test drops the link");
        await esme.DisposeAsync();
        await serverSide.Completion;

        Assert.Multiple(() =>
        {
            Assert.That(server.SessionCount, Is.Zero);
            Assert.That(server.BoundSessionCount, Is.Zero);
            Assert.That(server.Sessions, Is.Empty);
            Assert.That(server.CountBound("test"), Is.Zero);
        });
    }

    [Test]
    public async Task SendToAsync_ReceiverBound_DeliversToReceiverNotTransmitter()
    {
        await using SmppServer server = StartServer();
        await using EsmeConnection transmitter = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transmitter);
        await using EsmeConnection receiver = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Receiver);

        SmppResponse response = await server.SendToAsync("test", new DeliverSm { SourceAddr = "1", DestinationAddr = "2" }, CancellationToken.None);
        DeliverSm delivered = await receiver.NextDeliveredAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.CommandStatus, Is.EqualTo(CommandStatus.Ok));
            Assert.That(delivered.SourceAddr, Is.EqualTo("1"));
            Assert.That(server.SelectReceiver("test"), Is.Not.Null);
            Assert.That(server.SelectReceiver("other"), Is.Null);
            Assert.That(transmitter.Delivered.Count, Is.Zero);
        });
    }

    [Test]
    public async Task SendToAsync_NoReceiver_NotSent()
    {
        await using SmppServer server = StartServer();
        await using EsmeConnection transmitter = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transmitter);

        Assert.That(() => server.SendToAsync("test", new DeliverSm(), CancellationToken.None), Throws.TypeOf<SmppNotSentException>());
    }

    [Test]
    public async Task StopAsync_BoundEsmes_UnboundGracefullyAndListenerClosed()
    {
        SmppServer server = StartServer();
        IPEndPoint endPoint = server.LocalEndPoint;
        await using EsmeConnection a = await EsmeConnection.BindAsync(endPoint, BindType.Transceiver);
        await using EsmeConnection b = await EsmeConnection.BindAsync(endPoint, BindType.Receiver, "other", "pw");

        await server.StopAsync();
        await Task.WhenAll(a.Session.Completion, b.Session.Completion);

        Assert.Multiple(() =>
        {
            Assert.That(a.Session.State, Is.EqualTo(SessionState.Closed));
            Assert.That(a.Session.CloseReason, Is.EqualTo("unbound by the peer"), "the ESME answered the server's unbind");
            Assert.That(b.Session.CloseReason, Is.EqualTo("unbound by the peer"));
            Assert.That(server.SessionCount, Is.Zero);
            Assert.That(server.Completion.IsCompleted, Is.True);
            Assert.That(() => TcpTransport.ConnectAsync("127.0.0.1", endPoint.Port, null, TimeSpan.FromSeconds(2), CancellationToken.None),
                Throws.InstanceOf<System.Net.Sockets.SocketException>());
        });
        await server.DisposeAsync();
    }

    [Test]
    public async Task StopAsync_HandlerIgnoresCancellation_EndsAfterStopTimeout()
    {
        var handler = new StuckHandler();
        var server = new SmppServer(new SmppServerOptions { Credentials = s_credentials, StopTimeout = TimeSpan.FromMilliseconds(300) }, handler);
        server.Start();
        await using EsmeConnection esme = await EsmeConnection.BindAsync(server.LocalEndPoint, BindType.Transceiver);
        Task<SubmitSmResp> unanswered = esme.SubmitAsync();
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Task stop = server.StopAsync();
        Task finished = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Multiple(() =>
        {
            Assert.That(finished, Is.SameAs(stop), "a handler that never returns must not hold the server's stop");
            Assert.That(unanswered.IsCompleted, Is.True, "the ESME's request ended when its session was closed");
        });
        handler.Release.TrySetResult();
        await server.DisposeAsync();
    }

    [Test]
    public async Task Tls_SelfSignedCertificate_BindAndSubmitOverTls()
    {
        using X509Certificate2 certificate = CreateCertificate();
        await using SmppServer server = StartServer(new SmppServerOptions
        {
            Credentials = s_credentials,
            Tls = new TlsServerOptions { ServerCertificate = certificate },
        });
        await using EsmeConnection esme = await EsmeConnection.ConnectAsync(server.LocalEndPoint,
            new TlsClientOptions { TargetHost = "localhost", PinnedThumbprints = [certificate.Thumbprint] });

        BindResponse bind = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);
        SubmitSmResp submit = await esme.SubmitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(bind.CommandStatus, Is.EqualTo(CommandStatus.Ok));
            Assert.That(submit.CommandStatus, Is.EqualTo(CommandStatus.Ok));
        });
    }

    /// <summary>
    /// <see cref="TlsClientOptions.ClientCertificateProvider"/> is asked at every connect and wins over the fixed
    /// certificate: the server pins only the provider's certificate, and both connects made with the same options bind.
    /// </summary>
    [Test]
    public async Task Tls_ClientCertificateProvider_AskedAtEachConnect()
    {
        using X509Certificate2 serverCertificate = CreateCertificate();
        using X509Certificate2 pinned = CreateCertificate();
        using X509Certificate2 other = CreateCertificate();
        await using SmppServer server = StartMutualTlsServer(serverCertificate, pinned);
        int asked = 0;
        TlsClientOptions tls = new()
        {
            TargetHost = "localhost",
            PinnedThumbprints = [serverCertificate.Thumbprint],
            ClientCertificate = other,
            ClientCertificateProvider = () =>
            {
                asked++;
                return pinned;
            },
        };

        await using (EsmeConnection first = await EsmeConnection.ConnectAsync(server.LocalEndPoint, tls))
        {
            BindResponse bind = await first.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);
            Assert.That(bind.CommandStatus, Is.EqualTo(CommandStatus.Ok), "the provider's certificate, not the fixed one, was presented");
        }

        await using (EsmeConnection second = await EsmeConnection.ConnectAsync(server.LocalEndPoint, tls))
        {
            BindResponse bind = await second.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);
            Assert.That(bind.CommandStatus, Is.EqualTo(CommandStatus.Ok));
        }

        Assert.That(asked, Is.EqualTo(2), "asked once per connect");
    }

    /// <summary>
    /// Mutual TLS with self-signed ESME certificates: the server accepts a client certificate whose thumbprint is
    /// pinned, and refuses another one or none (the handshake fails, no session).
    /// </summary>
    [TestCase("pinned", true)]
    [TestCase("other", false)]
    [TestCase("none", false)]
    public async Task Tls_ClientCertificateRequired_OnlyThePinnedClientBinds(string presented, bool binds)
    {
        using X509Certificate2 serverCertificate = CreateCertificate();
        using X509Certificate2 pinned = CreateCertificate();
        using X509Certificate2 other = CreateCertificate();
        await using SmppServer server = StartMutualTlsServer(serverCertificate, pinned);
        X509Certificate2? clientCertificate = presented switch
        {
            "pinned" => pinned,
            "other" => other,
            _ => null,
        };

        if (binds)
        {
            await using EsmeConnection esme = await EsmeConnection.ConnectAsync(server.LocalEndPoint, new TlsClientOptions
            {
                TargetHost = "localhost",
                PinnedThumbprints = [serverCertificate.Thumbprint],
                ClientCertificate = clientCertificate,
            });
            BindResponse bind = await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);
            Assert.That(bind.CommandStatus, Is.EqualTo(CommandStatus.Ok));
            return;
        }

        // The server refuses the certificate in the handshake: the client either cannot finish it or finds the
        // connection closed at its first request; no session is ever created.
        Exception? failure = null;
        try
        {
            await using EsmeConnection esme = await EsmeConnection.ConnectAsync(server.LocalEndPoint, new TlsClientOptions
            {
                TargetHost = "localhost",
                PinnedThumbprints = [serverCertificate.Thumbprint],
                ClientCertificate = clientCertificate,
            });
            await esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "test", "test"), CancellationToken.None);
        }
        catch (Exception exception) when (exception is System.Security.Authentication.AuthenticationException or IOException
            or SmppOutcomeUnknownException or SmppNotSentException)
        {
            failure = exception;
        }

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Not.Null, "no bind without the pinned certificate");
            Assert.That(server.SessionCount, Is.Zero);
        });
    }

    [Test]
    public async Task Tls_PlainClient_HandshakeFailsWithoutSession()
    {
        using X509Certificate2 certificate = CreateCertificate();
        await using SmppServer server = StartServer(new SmppServerOptions
        {
            Tls = new TlsServerOptions { ServerCertificate = certificate, HandshakeTimeout = TimeSpan.FromSeconds(5) },
        });
        await using EsmeConnection esme = await EsmeConnection.ConnectAsync(server.LocalEndPoint);

        // A plain bind is not a TLS ClientHello: the server drops the connection and the ESME learns nothing.
        Assert.That(() => esme.Session.BindAsync(EsmeConnection.CreateBind(BindType.Transceiver, "a", "b"), CancellationToken.None),
            Throws.InstanceOf<SmppOutcomeUnknownException>());
        Assert.That(server.SessionCount, Is.Zero);
    }

    [Test]
    public void Options_Invalid_Rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new SmppServer(new SmppServerOptions { MaxBindsPerSystemId = -1 }, new SubmitHandler()), Throws.ArgumentException);
            Assert.That(() => new SmppServer(new SmppServerOptions { BindLimitStatus = CommandStatus.Ok }, new SubmitHandler()), Throws.ArgumentException);
            Assert.That(() => new SmppServer(new SmppServerOptions { Tls = new TlsServerOptions() }, new SubmitHandler()), Throws.ArgumentException);
        });
    }

    /// <summary>A server that requires a client certificate and accepts only <paramref name="pinned"/> (self-signed).</summary>
    private static SmppServer StartMutualTlsServer(X509Certificate2 serverCertificate, X509Certificate2 pinned) => StartServer(new SmppServerOptions
    {
        Credentials = s_credentials,
        Tls = new TlsServerOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateRequired = true,
            PinnedClientThumbprints = [pinned.Thumbprint],
            HandshakeTimeout = TimeSpan.FromSeconds(5),
        },
    });

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
