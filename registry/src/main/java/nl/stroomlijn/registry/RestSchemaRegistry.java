package nl.stroomlijn.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * Talks to a schema registry over the Confluent REST API (Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7}, Redpanda, Karapace). Uncached: wrap it in {@link CachingSchemaRegistry},
 * as {@link SchemaRegistries#connect} does.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);

  private final List<String> baseUrls;
  private final String authorization;
  private final RegistryConfig config;
  private final HttpClient http;
  /** The base URL that answered last: the next call starts there rather than at a dead first URL. */
  private volatile int preferred;

  public RestSchemaRegistry(RegistryConfig config) {
    if (config.isMock()) {
      throw new IllegalArgumentException("a mock:// URL has no REST registry behind it: use SchemaRegistries.connect");
    }
    this.config = config;
    this.baseUrls = config.urls().stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
    this.authorization = config.basicAuthUserInfo() == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    // A short connect timeout, so that a dead URL in a list costs seconds before the next is tried.
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(
        config.requestTimeout().compareTo(CONNECT_TIMEOUT) < 0 ? config.requestTimeout() : CONNECT_TIMEOUT);
    if (config.tls() != null) {
      builder.sslContext(sslContext(config.tls()));
    }
    this.http = builder.build();
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode response = call("register a schema under", subject, null, "POST",
        "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    return response.path("id").asInt();
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return registered(subject, null, call("look up a schema under", subject, null, "POST",
        "/subjects/" + encode(subject), schemaBody(schema)));
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode response = call("fetch schema", null, id, "GET", "/schemas/ids/" + id, null);
    return parse(response.path("schema").asText(), null, id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(subject, null,
        call("fetch the latest version of", subject, null, "GET", "/subjects/" + encode(subject) + "/versions/latest", null));
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(subject, null, call("fetch version " + version + " of", subject, null, "GET",
        "/subjects/" + encode(subject) + "/versions/" + version, null));
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    call("list subjects", null, null, "GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  /** Against the versions the subject's level names: all of them for a TRANSITIVE level, else the latest. */
  @Override
  public boolean isCompatible(String subject, Schema schema) {
    // Registries differ in what "/versions" checks against; choosing the path by level is portable.
    String against = compatibility(subject).name().endsWith("_TRANSITIVE") ? "/versions" : "/versions/latest";
    try {
      return call("check compatibility with", subject, null, "POST",
          "/compatibility/subjects/" + encode(subject) + against, schemaBody(schema))
          .path("is_compatible").asBoolean();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return true; // a first version is compatible with nothing before it
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    JsonNode response;
    try {
      response = call("read the compatibility level of", subject, null, "GET", "/config/" + encode(subject), null);
    } catch (SchemaRegistryException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      response = call("read the global compatibility level for", subject, null, "GET", "/config", null);
    }
    return CompatibilityLevel.valueOf(response.path("compatibilityLevel").asText(response.path("compatibility").asText()));
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    call("set the compatibility level of", subject, null, "PUT", "/config/" + encode(subject), body.toString());
  }

  @Override
  public void close() {
    // Java 17's HttpClient has no close(); its threads end once it is unreachable.
  }

  /** One HTTP call, trying each base URL in turn while the registry cannot be reached. */
  private JsonNode call(String what, String subject, Integer id, String method, String path, String body) {
    IOException unreachable = null;
    int first = preferred;
    for (int attempt = 0; attempt < baseUrls.size(); attempt++) {
      int index = (first + attempt) % baseUrls.size();
      String base = baseUrls.get(index);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(config.requestTimeout())
          .header("Accept", CONTENT_TYPE + ", application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (javax.net.ssl.SSLException e) {
        throw new SchemaRegistryException("TLS handshake with the schema registry at " + base + " failed while trying to "
            + what + describe(subject, id) + ": " + e.getMessage() + " (check the trust store and the certificate)",
            subject, id, 0, 0, e);
      } catch (IOException e) {
        unreachable = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("interrupted while trying to " + what + describe(subject, id),
            subject, id, 0, 0, e);
      }
      preferred = index;
      return parseResponse(what, subject, id, base + path, response);
    }
    throw new SchemaRegistryException("cannot reach the schema registry at " + baseUrls + " to " + what
        + describe(subject, id) + ": " + unreachable, subject, id, 0, 0, unreachable);
  }

  private static JsonNode parseResponse(String what, String subject, Integer id, String url, HttpResponse<String> response) {
    JsonNode json;
    try {
      json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300 && json != null) {
      return json;
    }
    int errorCode = json == null ? 0 : json.path("error_code").asInt(0);
    String detail = json == null ? abbreviate(response.body()) : json.path("message").asText(abbreviate(response.body()));
    throw new SchemaRegistryException("schema registry refused to " + what + describe(subject, id) + ": HTTP " + status
        + (errorCode == 0 ? "" : " error " + errorCode) + " (" + detail + ") from " + url,
        subject, id, status, errorCode, null);
  }

  private static RegisteredSchema registered(String subject, Integer id, JsonNode json) {
    return new RegisteredSchema(json.path("subject").asText(subject), json.path("version").asInt(),
        json.path("id").asInt(), parse(json.path("schema").asText(), subject, id));
  }

  private static Schema parse(String schemaJson, String subject, Integer id) {
    try {
      return new Schema.Parser().parse(schemaJson);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException("schema registry returned a schema that is not valid Avro" + describe(subject, id)
          + ": " + e.getMessage(), subject, id, 200, 0, e);
    }
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String describe(String subject, Integer id) {
    return (subject == null ? "" : " subject '" + subject + "'") + (id == null ? "" : " schema id " + id);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SSLContext sslContext(RegistryConfig.Tls tls) {
    try {
      TrustManagerFactory trust = null;
      if (tls.trustStoreLocation() != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(loadKeyStore(tls.trustStoreLocation(), tls.trustStorePassword(), tls.trustStoreType()));
      }
      KeyManagerFactory keys = null;
      if (tls.keyStoreLocation() != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = tls.keyPassword() != null ? tls.keyPassword() : tls.keyStorePassword();
        keys.init(loadKeyStore(tls.keyStoreLocation(), tls.keyStorePassword(), tls.keyStoreType()),
            keyPassword == null ? null : keyPassword.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS for the schema registry (" + tls + "): " + e.getMessage(), e);
    }
  }

  private static KeyStore loadKeyStore(String location, String password, String type)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }
}
