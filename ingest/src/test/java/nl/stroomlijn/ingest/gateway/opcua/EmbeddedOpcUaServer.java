package nl.stroomlijn.ingest.gateway.opcua;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * An Eclipse Milo OPC UA server in this JVM on 127.0.0.1, security None, anonymous or one user, with one
 * namespace ({@link #NAMESPACE_URI}, index 2 as the first one after the server's own) of Double
 * variables the test sets directly. Milo needs a certificate even without security: a self-signed
 * one made in memory.
 */
final class EmbeddedOpcUaServer implements AutoCloseable {

  static final String NAMESPACE_URI = "urn:stroomlijn:test:plant";
  private static final String APPLICATION_URI = "urn:stroomlijn:test:opcua-server";

  private final int port;
  private final OpcUaServer server;
  private final Map<String, UaVariableNode> variables = new LinkedHashMap<>();
  private final X509Certificate certificate;

  /** A server on a given port with a variable of each name, node id {@code ns=2;s=<name>}, anonymous. */
  EmbeddedOpcUaServer(int port, List<String> names) throws Exception {
    this(port, names, null, null);
  }

  /** A server that admits only this user (none: anonymous only). */
  EmbeddedOpcUaServer(int port, List<String> names, String username, String password) throws Exception {
    this(port, names, username, password, null);
  }

  /**
   * A server that also offers a Basic256Sha256 SignAndEncrypt endpoint, trusting the given client
   * certificate (none: security None only).
   */
  EmbeddedOpcUaServer(int port, List<String> names, String username, String password, X509Certificate trustedClient)
      throws Exception {
    this.port = port;
    MemoryTrustListManager trustList = new MemoryTrustListManager();
    MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
    DefaultApplicationGroup certificates = DefaultApplicationGroup.createAndInitialize(trustList,
        new MemoryCertificateStore(), new RsaSha256CertificateFactory() {
          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
            return new X509Certificate[] {new SelfSignedCertificateBuilder(keyPair).setCommonName("stroomlijn test server")
                .setApplicationUri(APPLICATION_URI).addIpAddress("127.0.0.1").build()};
          }
        }, new DefaultServerCertificateValidator(trustList, quarantine));
    certificate = certificates.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType).orElseThrow()[0];
    Set<EndpointConfig> endpoints = new java.util.HashSet<>();
    if (trustedClient != null) {
      trustList.addTrustedCertificate(trustedClient);
      endpoints.add(EndpointConfig.newBuilder()
          .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
          .setBindAddress("127.0.0.1").setBindPort(port).setHostname("127.0.0.1").setPath("/stroomlijn")
          .setCertificate(certificate)
          .setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(MessageSecurityMode.SignAndEncrypt)
          .addTokenPolicies(username == null ? OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS
              : OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME)
          .build());
    }
    EndpointConfig endpoint = EndpointConfig.newBuilder()
        .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .setBindAddress("127.0.0.1").setBindPort(port).setHostname("127.0.0.1").setPath("/stroomlijn")
        .setCertificate(certificate)
        .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(username == null ? OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS
            : OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME)
        .build();
    endpoints.add(endpoint);
    OpcUaServerConfig config = OpcUaServerConfig.builder()
        .setApplicationUri(APPLICATION_URI)
        .setApplicationName(LocalizedText.english("stroomlijn test OPC UA server"))
        .setProductUri("urn:stroomlijn:test")
        .setEndpoints(endpoints)
        .setCertificateManager(new DefaultCertificateManager(quarantine, certificates))
        .setIdentityValidator(username == null ? AnonymousIdentityValidator.INSTANCE
            : new UsernameIdentityValidator(challenge -> username.equals(challenge.getUsername())
                && password.equals(challenge.getPassword())))
        .build();
    server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    new PlantNamespace(server, names).startup();
    server.startup().get(30, TimeUnit.SECONDS);
  }

  /** The server's application instance certificate, for a client to trust. */
  X509Certificate certificate() {
    return certificate;
  }

  /** The security policy URI of every open session. */
  List<String> sessionSecurityPolicies() {
    return server.getSessionManager().getAllSessions().stream()
        .map(session -> session.getEndpoint().getSecurityPolicyUri()).toList();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpointUrl() {
    return "opc.tcp://127.0.0.1:" + port + "/stroomlijn";
  }

  static String nodeId(String name) {
    return "ns=2;s=" + name;
  }

  /** Sets a variable's value, status and source time, as a device would. */
  void set(String name, Object value, StatusCode status, long sourceTimeMillis) {
    DateTime time = new DateTime(java.time.Instant.ofEpochMilli(sourceTimeMillis));
    variables.get(name).setValue(new DataValue(new Variant(value), status, time, DateTime.now()));
  }

  @Override
  public void close() throws Exception {
    server.shutdown().get(30, TimeUnit.SECONDS);
  }

  /** The test's variables, sampled for subscriptions by Milo's {@link SubscriptionModel}. */
  private final class PlantNamespace extends ManagedNamespaceWithLifecycle {

    private final SubscriptionModel subscriptions;

    PlantNamespace(OpcUaServer server, List<String> names) {
      super(server, NAMESPACE_URI);
      subscriptions = new SubscriptionModel(server, this);
      getLifecycleManager().addLifecycle(subscriptions);
      getLifecycleManager().addStartupTask(() -> names.forEach(this::variable));
    }

    private void variable(String name) {
      UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
          .setNodeId(new NodeId(getNamespaceIndex(), name))
          .setBrowseName(new QualifiedName(getNamespaceIndex(), name))
          .setDisplayName(LocalizedText.english(name))
          .setDataType(NodeIds.Double)
          .setTypeDefinition(NodeIds.BaseDataVariableType)
          .setAccessLevel(AccessLevel.READ_WRITE)
          .setUserAccessLevel(AccessLevel.READ_WRITE)
          .setValue(new DataValue(new Variant(0.0)))
          .build();
      getNodeManager().addNode(node);
      variables.put(name, node);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
      subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
      subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
      subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
      subscriptions.onMonitoringModeChanged(items);
    }
  }
}
