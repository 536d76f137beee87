using Microsoft.Extensions.Options;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Tests.Api;

public sealed class ApiOptionsValidatorTests
{
    [TestCase(1024, true)]
    [TestCase(65536, true)]
    [TestCase(1023, false)]
    [TestCase(0, false)]
    public void Validate_MaxRequestBodySize_AtLeast1KiB(long size, bool valid)
    {
        ValidateOptionsResult result = new ApiOptionsValidator().Validate(null, new ApiOptions { MaxRequestBodySize = size });

        Assert.That(result.Succeeded, Is.EqualTo(valid));
        if (!valid)
        {
            Assert.That(result.Failures, Is.EqualTo(new[] { $"Bridge:Api:MaxRequestBodySize must be at least 1024 bytes (it is {size})." }));
        }
    }

    [Test]
    public void Defaults_AreValidAndLimitBodiesTo64KiB()
    {
        ApiOptions defaults = new();

        Assert.That(new ApiOptionsValidator().Validate(null, defaults).Succeeded, Is.True);
        Assert.That(defaults.MaxRequestBodySize, Is.EqualTo(65536));
    }
}
