using RestcommSmppBridge.Carriers;

namespace RestcommSmppBridge.Tests.Carriers;

/// <summary>The routing table alone: no carrier is started, nothing connects.</summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class CarrierRouterRouteTests
{
    private CarrierSupervisor _supervisor = null!;
    private CarrierRouter _router = null!;

    [OneTimeSetUp]
    public void BuildTable()
    {
        _supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("uk-mobile", routes: [("+447", 10)]),
            CarrierTestKit.Options("uk-cheap", routes: [("44", 5), ("", 50)]),
            CarrierTestKit.Options("uk-premium", routes: [("44", 1)]),
            CarrierTestKit.Options("zz-default", routes: [("", 50)]),
            CarrierTestKit.Options("aa-default", routes: [("", 50)]),
            CarrierTestKit.Options("us-only", routes: [("1", 1)]),
            CarrierTestKit.Options("off", enabled: false, routes: [("", 0), ("44", 0)]),
            CarrierTestKit.Options("listener", bindType: "Receiver"),
            CarrierTestKit.Options("inbound-only")));
        _router = CarrierTestKit.Router(_supervisor);
    }

    [OneTimeTearDown]
    public async Task DisposeSupervisor() => await _supervisor.DisposeAsync();

    [TestCase("+447700900123", "uk-mobile:447:10, uk-premium:44:1, uk-cheap:44:5, aa-default::50, zz-default::50")]
    [TestCase("447700900123", "uk-mobile:447:10, uk-premium:44:1, uk-cheap:44:5, aa-default::50, zz-default::50")]
    [TestCase("442071234567", "uk-premium:44:1, uk-cheap:44:5, aa-default::50, zz-default::50")]
    [TestCase("+15551234567", "us-only:1:1, aa-default::50, uk-cheap::50, zz-default::50")]
    [TestCase("33612345678", "aa-default::50, uk-cheap::50, zz-default::50")]
    public void Route_Destination_LongestPrefixThenPreferenceThenName(string destination, string expected)
    {
        IReadOnlyList<CarrierRoute> routes = _router.Route(destination);

        // Each carrier appears once, with its longest matching route: uk-cheap's default route never shows up for 44.
        Assert.That(Describe(routes), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("+")]
    [TestCase("ACME")]
    [TestCase("44 77")]
    public void Route_NotANumber_NoCandidates(string destination)
    {
        Assert.That(_router.Route(destination), Is.Empty);
    }

    [Test]
    public void Route_DisabledReceiverAndRoutelessCarriers_NeverCandidates()
    {
        IReadOnlyList<CarrierRoute> routes = _router.Route("447700900123");

        Assert.That(routes.Select(r => r.Carrier.Name), Has.None.AnyOf("off", "listener", "inbound-only"));
    }

    [Test]
    public async Task Route_OnlyNonMatchingPrefixes_Empty()
    {
        await using CarrierSupervisor supervisor = CarrierTestKit.Supervisor(CarrierTestKit.Profiles(
            CarrierTestKit.Options("us-only", routes: [("1", 1)])));
        CarrierRouter router = CarrierTestKit.Router(supervisor);

        Assert.That(router.Route("447700900123"), Is.Empty);
    }

    private static string Describe(IReadOnlyList<CarrierRoute> routes) =>
        string.Join(", ", routes.Select(r => $"{r.Carrier.Name}:{r.Prefix}:{r.Preference}"));
}
