using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// The API's 404 middleware holds an unknown path's body to the API's size limit, as the catch-all route's metadata
/// did: Kestrel reads a body the answer left unread, and would otherwise read up to its own 30 MB.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
internal sealed class ApiFallbacksTests
{
    [Test]
    public async Task NotFoundWhenUnrouted_UnknownApiPath_Answers404WithTheApisBodyLimit()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
        BodySizeFeature size = new() { MaxRequestBodySize = 30_000_000 };
        DefaultHttpContext http = new() { RequestServices = services, Response = { Body = new MemoryStream() } };
        http.Features.Set<IHttpMaxRequestBodySizeFeature>(size);
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/restcomm/2012-04-24/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json";
        bool passedOn = false;

        await ApiFallbacks.NotFoundWhenUnrouted(http, _ => { passedOn = true; return Task.CompletedTask; }, 65_536);

        Assert.Multiple(() =>
        {
            Assert.That(passedOn, Is.False);
            Assert.That(http.Response.StatusCode, Is.EqualTo(StatusCodes.Status404NotFound));
            Assert.That(size.MaxRequestBodySize, Is.EqualTo(65_536));
        });
    }

    [Test]
    public async Task NotFoundWhenUnrouted_PathOutsideTheApi_GoesOnWithItsLimitUntouched()
    {
        BodySizeFeature size = new() { MaxRequestBodySize = 30_000_000 };
        DefaultHttpContext http = new();
        http.Features.Set<IHttpMaxRequestBodySizeFeature>(size);
        http.Request.Path = "/health/ready";
        bool passedOn = false;

        await ApiFallbacks.NotFoundWhenUnrouted(http, _ => { passedOn = true; return Task.CompletedTask; }, 65_536);

        Assert.Multiple(() =>
        {
            Assert.That(passedOn, Is.True);
            Assert.That(size.MaxRequestBodySize, Is.EqualTo(30_000_000));
        });
    }

    private sealed class BodySizeFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
