using Serilog;

// Composition root only (style.md): each feature folder registers itself.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Host.UseSystemd();
builder.Services.AddSerilog((services, configuration) => configuration
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services));
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddRestcommApi(builder.Configuration);

WebApplication app = builder.Build();
app.MapRestcommApi();
await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point type, visible to the integration tests' host factory.</summary>
public partial class Program
{
}
