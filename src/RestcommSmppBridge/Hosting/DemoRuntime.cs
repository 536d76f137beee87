using RestcommSmppBridge.Simulator;

namespace RestcommSmppBridge.Hosting;

/// <summary>What the running demo is made of: the in-process simulator and the generated account.</summary>
internal sealed record DemoRuntime(DemoSettings Settings, SmscSimulator Simulator, DemoAccount Account, string AccountFile, Uri BridgeUrl);
