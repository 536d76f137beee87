using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace RestcommSmppBridge.Hosting;

/// <summary>
/// Checks, before Kestrel binds, every endpoint Kestrel would open from configuration, with Kestrel's precedence:
/// <c>Kestrel:Endpoints</c> when present (Kestrel then ignores <c>Urls</c>), otherwise <c>Urls</c>
/// (<c>ASPNETCORE_URLS</c>, <c>--urls</c>), otherwise <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (which bind every
/// interface), otherwise Kestrel's default <c>http://localhost:5000</c>. Plain HTTP must be loopback-only unless
/// <see cref="HttpSecurityOptions.AllowPlainHttpBehindProxy"/>; every HTTPS endpoint needs a certificate that Kestrel
/// can load, loaded here the way Kestrel loads it so that a missing file, a wrong password or a missing key is one
/// clear line instead of a stack trace from the server's start.
/// </summary>
internal sealed class HttpEndpointsValidator : IValidateOptions<HttpSecurityOptions>
{
    private const string EndpointsSection = "Kestrel:Endpoints";
    private const string DefaultCertificateSection = "Kestrel:Certificates:Default";

    private readonly IConfiguration _configuration;
    private readonly string _contentRoot;
    private readonly TimeProvider _time;

    public HttpEndpointsValidator(IConfiguration configuration, string contentRoot, TimeProvider time)
    {
        _configuration = configuration;
        _contentRoot = contentRoot;
        _time = time;
    }

    public ValidateOptionsResult Validate(string? name, HttpSecurityOptions options)
    {
        List<string> failures = [];
        HashSet<string> checkedCertificates = new(StringComparer.OrdinalIgnoreCase);
        foreach (ConfiguredEndpoint endpoint in ReadEndpoints(_configuration, failures))
        {
            CheckEndpoint(endpoint, options, checkedCertificates, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The certificate sections naming a file (<c>Path</c>) of the HTTPS endpoints Kestrel will bind, each once (several
    /// endpoints may share <c>Kestrel:Certificates:Default</c>), found with the precedence the start check uses. For
    /// the certificate expiry monitor, which runs after that check: endpoints it refused cannot be here.
    /// </summary>
    public static List<IConfigurationSection> HttpsCertificateFiles(IConfiguration configuration)
    {
        List<IConfigurationSection> sections = [];
        HashSet<string> seen = new(StringComparer.OrdinalIgnoreCase);
        foreach (ConfiguredEndpoint endpoint in ReadEndpoints(configuration, []))
        {
            if (TryParse(endpoint.Url) is { } address
                && string.Equals(address.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
                && CertificateOf(configuration, endpoint) is { } certificate
                && !string.IsNullOrWhiteSpace(certificate["Path"])
                && seen.Add(certificate.Path))
            {
                sections.Add(certificate);
            }
        }

        return sections;
    }

    /// <summary>
    /// The certificate of a Kestrel certificate section (<c>Path</c>, <c>KeyPath</c>, <c>Password</c>, paths relative
    /// to <paramref name="contentRoot"/>) loaded as Kestrel loads it, or null with one line in
    /// <paramref name="failures"/>. <paramref name="setting"/> names the section's keys for further checks.
    /// </summary>
    public static X509Certificate2? LoadFileCertificate(IConfigurationSection certificate, string contentRoot,
        List<string> failures, out CertificateSetting setting)
    {
        string key = certificate.Path;
        string path = certificate["Path"]!;
        string? keyPath = certificate["KeyPath"];
        string fullPath = Path.Combine(contentRoot, path);
        string? fullKeyPath = string.IsNullOrWhiteSpace(keyPath) ? null : Path.Combine(contentRoot, keyPath);
        setting = new($"{key}:Path", $"{key}:KeyPath", $"{key}:Password", "Kestrel",
            "Kestrel cannot serve TLS with it", "clients", KeyMayFollowCertificate: false);
        return CertificateFiles.Load(setting, path, fullPath, keyPath, fullKeyPath, certificate["Password"], failures);
    }

    /// <summary>The endpoints Kestrel will bind, each with the configuration key an operator has to fix.</summary>
    private static List<ConfiguredEndpoint> ReadEndpoints(IConfiguration configuration, List<string> failures)
    {
        List<ConfiguredEndpoint> endpoints = [];
        IConfigurationSection[] configured = [.. configuration.GetSection(EndpointsSection).GetChildren()];
        if (configured.Length > 0)
        {
            foreach (IConfigurationSection endpoint in configured)
            {
                string key = $"{EndpointsSection}:{endpoint.Key}:Url";
                string? url = endpoint["Url"];
                if (string.IsNullOrWhiteSpace(url))
                {
                    failures.Add($"{key} is missing; every endpoint under {EndpointsSection} needs a Url.");
                    continue;
                }

                IConfigurationSection certificate = endpoint.GetSection("Certificate");
                endpoints.Add(new ConfiguredEndpoint(key, url.Trim(), certificate.Exists() ? certificate : null));
            }

            return endpoints;
        }

        string? urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                endpoints.Add(new ConfiguredEndpoint("Urls", url, null));
            }

            return endpoints;
        }

        // ASP.NET Core 8+: HTTP_PORTS / HTTPS_PORTS (set by Microsoft's container images) bind http://*:port.
        AddPorts(configuration, endpoints, "http_ports", "HTTP_PORTS", Uri.UriSchemeHttp);
        AddPorts(configuration, endpoints, "https_ports", "HTTPS_PORTS", Uri.UriSchemeHttps);
        return endpoints;
    }

    private static void AddPorts(IConfiguration configuration, List<ConfiguredEndpoint> endpoints, string configurationKey,
        string displayKey, string scheme)
    {
        string? ports = configuration[configurationKey];
        if (string.IsNullOrWhiteSpace(ports))
        {
            return;
        }

        foreach (string port in ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(new ConfiguredEndpoint(displayKey, $"{scheme}://*:{port}", null));
        }
    }

    private void CheckEndpoint(ConfiguredEndpoint endpoint, HttpSecurityOptions options, HashSet<string> checkedCertificates,
        List<string> failures)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(endpoint.Url);
        }
        catch (FormatException)
        {
            failures.Add($"{endpoint.Key} '{endpoint.Url}' is not an address Kestrel can bind; write it as http(s)://host:port.");
            return;
        }

        if (string.Equals(address.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
        {
            if (!options.AllowPlainHttpBehindProxy && !IsLocalOnly(address))
            {
                failures.Add(PlainHttpMessage(endpoint, address));
            }

            return;
        }

        if (!string.Equals(address.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{endpoint.Key} '{endpoint.Url}' must start with https:// (or http:// on a loopback address).");
            return;
        }

        IConfigurationSection? certificate = CertificateOf(_configuration, endpoint);
        if (certificate is null)
        {
            string where = endpoint.Key.StartsWith(EndpointsSection, StringComparison.Ordinal)
                ? $"{endpoint.Key[..^":Url".Length]}:Certificate:Path"
                : $"{DefaultCertificateSection}:Path";
            failures.Add($"{endpoint.Key} '{endpoint.Url}' is HTTPS but has no certificate: set {where} to a PEM certificate "
                + "(with KeyPath) or a PFX file (with Password).");
            return;
        }

        // Several endpoints may share the default certificate: check (and report) it once.
        if (checkedCertificates.Add(certificate.Path))
        {
            CheckCertificate(certificate, failures);
        }
    }

    private static BindingAddress? TryParse(string url)
    {
        try
        {
            return BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The endpoint's own certificate section, else <c>Kestrel:Certificates:Default</c> when present.</summary>
    private static IConfigurationSection? CertificateOf(IConfiguration configuration, ConfiguredEndpoint endpoint)
    {
        if (endpoint.Certificate is not null)
        {
            return endpoint.Certificate;
        }

        IConfigurationSection fallback = configuration.GetSection(DefaultCertificateSection);
        return fallback.Exists() ? fallback : null;
    }

    private static string PlainHttpMessage(ConfiguredEndpoint endpoint, BindingAddress address)
    {
        string hostNote = IPAddress.TryParse(TrimBrackets(address.Host), out _) || address.Host is "*" or "+"
            ? string.Empty
            : " (Kestrel listens on every interface for a host name other than localhost)";
        return $"{endpoint.Key} '{endpoint.Url}' serves plain HTTP on a network address{hostNote}. Account tokens travel in "
            + "every request and Restcomm serves its API over HTTPS only: use an https:// URL with a certificate "
            + $"({EndpointsSection}:<Name>:Certificate or {DefaultCertificateSection}), bind plain HTTP to 127.0.0.1, [::1] "
            + "or localhost, or, if a TLS-terminating proxy is the only way in, set Bridge:Http:AllowPlainHttpBehindProxy to true.";
    }

    /// <summary>Loopback addresses, <c>localhost</c>, Unix sockets and named pipes: reachable from this machine only.</summary>
    public static bool IsLocalOnly(BindingAddress address)
    {
        if (address.IsUnixPipe || address.IsNamedPipe || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(TrimBrackets(address.Host), out IPAddress? ip) && IPAddress.IsLoopback(ip);
    }

    private static string TrimBrackets(string host) =>
        host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    /// <summary>
    /// Loads a file certificate as Kestrel does: with <c>KeyPath</c>, one certificate (PEM or DER) plus a PEM key,
    /// encrypted when <c>Password</c> is set; without it, a PFX opened with <c>Password</c>. Paths are relative to the
    /// content root. A store certificate (<c>Subject</c>) is left to Kestrel.
    /// </summary>
    private void CheckCertificate(IConfigurationSection certificate, List<string> failures)
    {
        string key = certificate.Path;
        string? path = certificate["Path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            if (string.IsNullOrWhiteSpace(certificate["Subject"]))
            {
                failures.Add($"{key}:Path is missing: name a PEM certificate (with KeyPath) or a PFX file (with Password).");
            }

            return;
        }

        using X509Certificate2? loaded = LoadFileCertificate(certificate, _contentRoot, failures, out CertificateSetting setting);
        if (loaded is not null)
        {
            CertificateFiles.CheckUsable(setting, path, loaded, _time.GetUtcNow(), failures);
        }
    }

    private readonly record struct ConfiguredEndpoint(string Key, string Url, IConfigurationSection? Certificate);
}
