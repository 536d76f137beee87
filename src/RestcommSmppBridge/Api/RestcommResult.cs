using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;

namespace RestcommSmppBridge.Api;

/// <summary>
/// A response in Restcomm's shape: pretty-printed JSON, or XML under <c>&lt;RestcommResponse&gt;</c>
/// (restcomm.md §1.4). The body is serialized when the result is created, inside the handler, so a failure while
/// writing is caught by <see cref="ApiExceptionFilter"/> and still yields a clean 500. No stored text makes it fail:
/// XML replaces what XML 1.0 cannot carry (<see cref="XmlSafeTextWriter"/>), JSON escapes it.
/// </summary>
internal sealed class RestcommResult : IResult
{
    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Bodies and names are shown as they are (no \uXXXX for accents or emoji); JSON-required escapes still apply.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly XmlWriterSettings s_xmlSettings = new()
    {
        Indent = true,
        IndentChars = "  ",
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CloseOutput = false,
        NewLineChars = "\n",
    };

    private readonly int _statusCode;
    private readonly string _contentType;
    private readonly ReadOnlyMemory<byte> _body;

    // The pooled array under _body (JSON), given back once the body is written; null for an XML body. A result is
    // therefore written once (_executed), as ASP.NET Core does with every IResult it gets from a handler.
    private byte[]? _pooled;
    private int _executed;

    private RestcommResult(int statusCode, string contentType, ReadOnlyMemory<byte> body, byte[]? pooled = null)
    {
        _statusCode = statusCode;
        _contentType = contentType;
        _body = body;
        _pooled = pooled;
    }

    /// <summary>Serializes a representation now.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="format">The negotiated format.</param>
    /// <param name="writeJson">Writes the whole JSON value.</param>
    /// <param name="writeXmlContent">Writes the children of <c>&lt;RestcommResponse&gt;</c>.</param>
    public static RestcommResult Create(int statusCode, ResponseFormat format, Action<Utf8JsonWriter> writeJson,
        Action<XmlWriter> writeXmlContent) =>
        Create(statusCode, format, (writeJson, writeXmlContent), static (json, w) => w.writeJson(json), static (xml, w) => w.writeXmlContent(xml));

    /// <summary>
    /// Serializes a representation of <paramref name="state"/> now, with writers that capture nothing (static
    /// delegates), so the hot path of a send allocates no closure for the format it does not use.
    /// </summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="format">The negotiated format.</param>
    /// <param name="state">What the writers write.</param>
    /// <param name="writeJson">Writes the whole JSON value.</param>
    /// <param name="writeXmlContent">Writes the children of <c>&lt;RestcommResponse&gt;</c>.</param>
    public static RestcommResult Create<TState>(int statusCode, ResponseFormat format, TState state,
        Action<Utf8JsonWriter, TState> writeJson, Action<XmlWriter, TState> writeXmlContent)
    {
        if (format == ResponseFormat.Json)
        {
            (byte[] pooled, int length) = JsonBuffer.Write(state, writeJson);
            return new RestcommResult(statusCode, "application/json; charset=utf-8", pooled.AsMemory(0, length), pooled);
        }

        using MemoryStream buffer = new();
        using (XmlWriter writer = new XmlSafeTextWriter(XmlWriter.Create(buffer, s_xmlSettings)))
        {
            writer.WriteStartElement("RestcommResponse");
            writeXmlContent(writer, state);
            writer.WriteEndElement();
        }

        return new RestcommResult(statusCode, "application/xml; charset=utf-8", buffer.ToArray());
    }

    /// <summary>
    /// An error in the requested format: JSON <c>{"message": …, "status": …, "code": …}</c> (Restcomm's
    /// <c>{"message"}</c> object plus Twilio's status and code) or XML
    /// <c>&lt;RestcommResponse&gt;&lt;RestException&gt;&lt;Status/&gt;&lt;Message/&gt;&lt;Code/&gt;&lt;/RestException&gt;</c>.
    /// <c>code</c> appears only when the error has one.
    /// </summary>
    public static RestcommResult Error(ResponseFormat format, ApiError error) =>
        Create(
            error.StatusCode,
            format,
            json =>
            {
                json.WriteStartObject();
                json.WriteString("message", error.Message);
                json.WriteNumber("status", error.StatusCode);
                if (error.Code is int code)
                {
                    json.WriteNumber("code", code);
                }

                json.WriteEndObject();
            },
            xml =>
            {
                xml.WriteStartElement("RestException");
                xml.WriteElementString("Status", error.StatusCode.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("Message", error.Message);
                if (error.Code is int code)
                {
                    xml.WriteElementString("Code", code.ToString(CultureInfo.InvariantCulture));
                }

                xml.WriteEndElement();
            });

    /// <summary>
    /// A JSON writer and its buffer, kept per thread and reused: a message's representation is about a kilobyte,
    /// and a new writer over a stream grew its buffer from a few hundred bytes by doubling, then the stream copied
    /// it again; a third of the daemon's allocations under a REST load were those copies. The body handed out is a
    /// copy of the bytes written into an array from <see cref="ArrayPool{T}.Shared"/> (it outlives the call; the
    /// result gives it back once written: a tenth of an API send's allocations were those copies). Buffers that grew
    /// past <see cref="MaxKeptCapacity"/> (a long list page) are not kept.
    /// </summary>
    private sealed class JsonBuffer : IDisposable
    {
        private const int InitialCapacity = 4096;
        private const int MaxKeptCapacity = 64 * 1024;

        [ThreadStatic]
        private static JsonBuffer? t_cached;

        private readonly ArrayBufferWriter<byte> _output = new(InitialCapacity);
        private readonly Utf8JsonWriter _writer;

        private JsonBuffer() => _writer = new Utf8JsonWriter(_output, s_jsonOptions);

        public static (byte[] Pooled, int Length) Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeJson)
        {
            // Taken off the thread while in use, so a nested call (none today) would get a buffer of its own.
            JsonBuffer buffer = t_cached ?? new JsonBuffer();
            t_cached = null;
            try
            {
                buffer._output.ResetWrittenCount();
                buffer._writer.Reset(buffer._output);
                writeJson(buffer._writer, state);
                buffer._writer.Flush();
                ReadOnlySpan<byte> written = buffer._output.WrittenSpan;
                byte[] pooled = ArrayPool<byte>.Shared.Rent(written.Length);
                written.CopyTo(pooled);
                return (pooled, written.Length);
            }
            finally
            {
                if (buffer._output.Capacity <= MaxKeptCapacity)
                {
                    t_cached = buffer;
                }
                else
                {
                    buffer.Dispose();
                }
            }
        }

        public void Dispose() => _writer.Dispose();
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (Interlocked.Exchange(ref _executed, 1) != 0)
        {
            throw new InvalidOperationException("A RestcommResult is written once: its body's array went back to the pool.");
        }

        httpContext.Response.StatusCode = _statusCode;
        httpContext.Response.ContentType = _contentType;
        httpContext.Response.ContentLength = _body.Length;
        try
        {
            await httpContext.Response.Body.WriteAsync(_body, httpContext.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            // The response stream has copied the bytes once the write completed (or given up on them); a result that
            // is never executed leaves its array to the garbage collector, which the pool allows.
            if (Interlocked.Exchange(ref _pooled, null) is byte[] pooled)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }
}
