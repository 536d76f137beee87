using RestcommSmppBridge.Drills;

// Fault drills (issue 7): each prints its detail lines, then exactly one line "drill NAME: sent=… delivered=…
// lost=… duplicated=… failed=…". Exit code 0 when every drill passed, 1 when one lost something or broke a bound,
// 2 for a usage error.
DrillOptions? options = DrillOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine("drill: " + error);
    Console.Error.WriteLine(DrillOptions.Usage);
    return 2;
}

string[] names = options.Name == "all" ? ["kill9", "carrier", "app", "soak"] : [options.Name];
bool passed = true;
foreach (string name in names)
{
    DrillResult result = await DrillRunner.RunAsync(name, options);
    Console.WriteLine(result.Line);
    passed &= result.Passed;
}

return passed ? 0 : 1;
