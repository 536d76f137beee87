using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Simulator;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Server;
using RestcommSmppBridge.Smpp.Session;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>Builders shared by the carrier tests.</summary>
internal static class CarrierTestKit
{
    public static CarrierOptions Options(string name, int port = 2775, string password = "pw", string? bindType = null,
        bool enabled = true, int maxThrottleRetries = 0, params (string Prefix, int Preference)[] routes)
    {
        var list = new List<CarrierRouteOptions>();
        foreach ((string prefix, int preference) in routes)
        {
            list.Add(new CarrierRouteOptions { Prefix = prefix, Preference = preference });
        }

        return new CarrierOptions
        {
            Name = name,
            Host = "127.0.0.1",
            Port = port,
            SystemId = name.Length > 15 ? name[..15] : name,
            Password = password,
            BindType = bindType,
            Enabled = enabled,
            MaxThrottleRetries = maxThrottleRetries,
            // Short, so a test that loses a link sees it reconnect within its bound; no enquire_link chatter.
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            EnquireLinkInterval = TimeSpan.Zero,
            ResponseTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Routes = list,
        };
    }

    public static CarrierProfile[] Profiles(params CarrierOptions[] options)
    {
        var profiles = new CarrierProfile[options.Length];
        for (int i = 0; i < options.Length; i++)
        {
            profiles[i] = CarrierProfile.FromOptions(options[i], i);
        }

        return profiles;
    }

    public static CarrierSupervisor Supervisor(params CarrierProfile[] profiles) =>
        new(profiles, new AcceptingInboundHandler(), TimeProvider.System, NullLoggerFactory.Instance);

    public static CarrierRouter Router(CarrierSupervisor supervisor) => new(supervisor, NullLogger<CarrierRouter>.Instance);

    /// <summary>
    /// A started supervisor and its router over two carriers: alpha (prefix 44) on <paramref name="alphaPort"/> and
    /// beta (default route) on <paramref name="betaPort"/>, disposed with <paramref name="disposables"/>. Returns once
    /// beta is bound, and alpha too unless <paramref name="waitForAlpha"/> is false (an alpha that cannot bind).
    /// </summary>
    public static async Task<(CarrierSupervisor Supervisor, CarrierRouter Router)> StartAlphaBetaAsync(AsyncDisposables disposables,
        int alphaPort, int betaPort, CancellationToken cancellationToken, bool waitForAlpha = true)
    {
        CarrierSupervisor supervisor = Supervisor(Profiles(
            Options("alpha", alphaPort, routes: [("44", 1)]),
            Options("beta", betaPort, routes: [("", 1)])));
        disposables.Add(supervisor);
        CarrierRouter router = Router(supervisor);
        await supervisor.StartAsync(cancellationToken);
        await supervisor.WaitForStateAsync("beta", s => s.BoundBinds > 0, cancellationToken);
        if (waitForAlpha)
        {
            await supervisor.WaitForStateAsync("alpha", s => s.BoundBinds > 0, cancellationToken);
        }

        return (supervisor, router);
    }

    /// <summary>
    /// A started SMSC simulator on 127.0.0.1:0 with <paramref name="faults"/>, no receipts and no enquire_link chatter,
    /// disposed with <paramref name="disposables"/>.
    /// </summary>
    public static SmscSimulator StartSimulator(AsyncDisposables disposables, FaultOptions? faults = null)
    {
        var simulator = new SmscSimulator(new SimulatorOptions
        {
            Faults = faults ?? new FaultOptions(),
            Receipts = new ReceiptOptions { Enabled = false },
            Session = SmppSessionOptions.Default with { Name = "sim", EnquireLinkInterval = TimeSpan.Zero },
        });
        simulator.Start();
        disposables.Add(simulator);
        return simulator;
    }

    /// <summary>A compose callback that writes <paramref name="text"/> for each carrier as that carrier wants it.</summary>
    public static Func<CarrierProfile, IReadOnlyList<SubmitSm>> Compose(string from, string to, string text, List<string>? composedFor = null)
    {
        var references = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, 7);
        return carrier =>
        {
            composedFor?.Add(carrier.Name);
            if (!carrier.TryCreateSubmitTemplate(from, to, out SubmitSm? template, out string? error))
            {
                throw new AssertionException(error);
            }

            ComposedMessage composed = MessageComposer.Compose(text, template, carrier.Compose, references);
            return composed.Parts;
        };
    }

    /// <summary>A self-signed server certificate for an SMSC on localhost, valid from yesterday to tomorrow.</summary>
    public static X509Certificate2 CreateSmscCertificate()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return SelfSignedCertificates.Create(key, "CN=localhost", SelfSignedCertificates.ServerAuthentication, now.AddDays(-1), now.AddDays(1));
    }

    /// <summary>The inbound side for tests: accepts every request.</summary>
    internal sealed class AcceptingInboundHandler : ICarrierInboundHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(CarrierProfile carrier, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.CreateResponse(CommandStatus.Ok));
    }

    /// <summary>An SMSC's request handler for tests of the bind itself: answers every request ESME_ROK.</summary>
    internal sealed class AcceptingSmscHandler : ISmppServerHandler
    {
        public ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.CreateResponse(CommandStatus.Ok));
    }
}
