package nl.stroomlijn.ingest.gateway.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.ingest.gateway.Gateway;
import nl.stroomlijn.ingest.gateway.GatewayConfig.OpcUaConfig;
import nl.stroomlijn.ingest.gateway.GatewayConfig.OpcUaNode;
import nl.stroomlijn.ingest.gateway.GatewayConfig.OpcUaSecurity;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA path: one subscription with a monitored item per configured node; each data change
 * becomes a reading of the node's meter, through the same validation and produce path as MQTT.
 * OPC UA has no acknowledgement a client could hold back, so a data change is stored at most once:
 * one that arrives while Kafka is slow waits for room in the in-flight bound.
 *
 * <p>Connection: until the first session exists the gateway retries the connect every few seconds;
 * after that Milo's session state machine reconnects by itself, and the subscription is created again
 * whenever the server lost it (a restarted server cannot take over the old one).
 */
public final class OpcUaIngest implements AutoCloseable {

  public static final String SOURCE = "opcua";

  private static final Logger log = LoggerFactory.getLogger(OpcUaIngest.class);
  private static final long RETRY_SECONDS = 2;

  private final OpcUaConfig config;
  private final Gateway gateway;
  /** Connects and (re)subscribes, one step at a time, off Milo's threads. */
  private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "gateway-opcua");
    thread.setDaemon(true);
    return thread;
  });
  private volatile OpcUaClient client;
  private volatile OpcUaSubscription subscription;
  private volatile boolean connected;
  /** The nodes the server refused at the last subscribe, described for the readiness check. */
  private volatile List<String> refused = List.of();
  private volatile boolean closed;

  public OpcUaIngest(OpcUaConfig config, Gateway gateway) {
    this.config = config;
    this.gateway = gateway;
    gateway.connected(SOURCE, false);
    connector.execute(this::connect);
  }

  /** True while the session is up and the subscription with its monitored items exists on the server. */
  public boolean isConnected() {
    return connected;
  }

  /** The configured nodes the server refused to monitor, e.g. {@code ns=2;s=Nope (site/line/m/kw): Bad_NodeIdUnknown}. */
  public List<String> refusedNodes() {
    return refused;
  }

  @Override
  public void close() {
    closed = true;
    connector.shutdownNow();
    OpcUaClient current = client;
    if (current != null) {
      current.disconnectAsync().orTimeout(5, TimeUnit.SECONDS).exceptionally(error -> null).join();
    }
    setConnected(false);
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      OpcUaClient created = OpcUaClient.create(clientConfig());
      subscription = subscription(created);
      created.addSessionActivityListener(new SessionActivityListener() {
        @Override
        public void onSessionActive(UaSession session) {
          log.info("OPC UA session with {} active", config.endpoint());
          connector.execute(OpcUaIngest.this::subscribe);
        }

        @Override
        public void onSessionInactive(UaSession session) {
          setConnected(false);
          log.warn("OPC UA session with {} lost; reconnecting", config.endpoint());
        }
      });
      client = created;
      created.connect();
    } catch (Exception e) {
      log.warn("OPC UA connect to {} failed, retrying in {} s: {}", config.endpoint(), RETRY_SECONDS, e.toString());
      OpcUaClient failed = client;
      client = null;
      if (failed != null) {
        failed.disconnectAsync().exceptionally(error -> null);
      }
      retry(this::connect);
    }
  }

  private OpcUaClientConfig clientConfig() throws Exception {
    OpcUaSecurity security = config.security();
    OpcUaClientConfigBuilder builder = OpcUaClientConfig.builder()
        .setEndpoint(endpoint())
        .setApplicationName(LocalizedText.english(Gateway.APPLICATION))
        .setApplicationUri(security == null ? "urn:stroomlijn:" + Gateway.APPLICATION : security.applicationUri())
        .setIdentityProvider(config.user() == null ? new AnonymousProvider()
            : new UsernameProvider(config.user().username(), config.user().password()));
    if (security != null) {
      // Only the pinned server certificate is trusted.
      MemoryTrustListManager trustList = new MemoryTrustListManager();
      trustList.addTrustedCertificate(security.trustedServerCertificate());
      builder.setKeyPair(security.keyPair())
          .setCertificate(security.certificateChain()[0])
          .setCertificateChain(security.certificateChain())
          .setCertificateValidator(new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine()));
    }
    return builder.build();
  }

  /**
   * The server's endpoint with the configured security policy and mode that accepts our identity
   * (anonymous, or a user name), at the configured host and port (a server may advertise another name).
   */
  private EndpointDescription endpoint() throws Exception {
    URI uri = URI.create(config.endpoint());
    UserTokenType token = config.user() == null ? UserTokenType.Anonymous : UserTokenType.UserName;
    SecurityPolicy policy = config.security() == null ? SecurityPolicy.None : config.security().policy();
    MessageSecurityMode mode = config.security() == null ? MessageSecurityMode.None : config.security().mode();
    List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(config.endpoint()).get(10, TimeUnit.SECONDS);
    EndpointDescription chosen = endpoints.stream()
        .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
        .filter(e -> e.getUserIdentityTokens() != null && java.util.Arrays.stream(e.getUserIdentityTokens())
            .anyMatch(tokenPolicy -> tokenPolicy.getTokenType() == token))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(config.endpoint() + " offers no endpoint with security "
            + policy + " " + mode + " and " + token + " identity"));
    return EndpointUtil.updateUrl(chosen, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 4840);
  }

  /** One subscription, a monitored item per node, each item knowing its meter; created on the server by {@link #subscribe}. */
  private OpcUaSubscription subscription(OpcUaClient created) {
    double intervalMillis = config.samplingInterval().toMillis();
    OpcUaSubscription newSubscription = new OpcUaSubscription(created, intervalMillis);
    newSubscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
        deliver(items, values);
      }

      @Override
      public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
        log.info("OPC UA server at {} no longer has our subscription ({}); subscribing again", config.endpoint(), status);
        connector.execute(OpcUaIngest.this::subscribe);
      }
    });
    for (OpcUaNode node : config.nodes()) {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeId.parse(node.nodeId()));
      item.setSamplingInterval(intervalMillis);
      // Room for the changes of a few publishing intervals, so a burst is not folded into its last value.
      item.setQueueSize(uint(100));
      item.setUserObject(node.sensorId());
      newSubscription.addMonitoredItem(item);
    }
    return newSubscription;
  }

  /** Creates the subscription on the server unless it still has it, then its monitored items; idempotent. */
  private void subscribe() {
    OpcUaSubscription current = subscription;
    if (closed || current == null) {
      return;
    }
    try {
      if (current.getServerState().isEmpty()) {
        current.create();
      }
      current.synchronizeMonitoredItems();
      log.info("OPC UA subscribed to {} nodes on {}", config.nodes().size(), config.endpoint());
      setRefused(List.of());
      setConnected(true);
    } catch (MonitoredItemSynchronizationException e) {
      // The server is there but refused some nodes: a configuration error, shown in the log, the metric and
      // the readiness detail; the other nodes deliver.
      List<String> refusedNow = new ArrayList<>();
      for (OpcUaMonitoredItem item : current.getMonitoredItems()) {
        item.getCreateResult().filter(StatusCode::isBad).ifPresent(status -> refusedNow.add(
            item.getReadValueId().getNodeId().toParseableString() + " (" + item.getUserObject().orElse("") + "): "
                + StatusCodes.lookup(status.getValue()).map(name -> name[0]).orElse(status.toString())));
      }
      refusedNow.forEach(node -> log.warn("OPC UA server refused to monitor node {}", node));
      setRefused(refusedNow);
      setConnected(true);
    } catch (Exception e) {
      log.warn("OPC UA subscription on {} failed, retrying in {} s: {}", config.endpoint(), RETRY_SECONDS, e.toString());
      retry(this::subscribe);
    }
  }

  private void deliver(List<OpcUaMonitoredItem> items, List<DataValue> values) {
    long now = System.currentTimeMillis();
    List<Incoming> batch = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      OpcUaMonitoredItem item = items.get(i);
      batch.add(DataChanges.reading((String) item.getUserObject().orElseThrow(), item.getReadValueId().getNodeId(),
          values.get(i), now));
    }
    try {
      gateway.submitWaiting(SOURCE, RecordKind.READING, batch).whenComplete((outcomes, error) -> {
        if (error != null) {
          log.warn("{} OPC UA data changes not stored in Kafka: {}", batch.size(), error.toString());
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retry(Runnable step) {
    if (!closed) {
      connector.schedule(step, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }

  private void setRefused(List<String> nodes) {
    refused = List.copyOf(nodes);
    gateway.refusedNodes(SOURCE, nodes.size());
  }

  private void setConnected(boolean up) {
    connected = up;
    gateway.connected(SOURCE, up);
  }
}
