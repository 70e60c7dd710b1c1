package dev.userdirectory.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy a test can cut and restore, to take a database away from the
 * service (as a network partition or a database restart would) and give it back.
 */
public final class CuttableTcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	public CuttableTcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		ServerSocket probe = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
		this.port = probe.getLocalPort();
		probe.close();
		restore();
	}

	public int port() {
		return this.port;
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), this.port));
		this.listener = socket;
		Thread accepter = new Thread(() -> accept(socket), "proxy-accept");
		accepter.setDaemon(true);
		accepter.start();
	}

	/** Drops every connection and refuses new ones. */
	public synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket server = new Socket(java.net.InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(server);
				pipe(client, server);
				pipe(server, client);
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n; (n = in.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
				}
			}
			catch (IOException ended) {
				// One side went away: so does the other.
			}
			finally {
				try {
					from.close();
					to.close();
				}
				catch (IOException ignored) {
					// Already closed.
				}
			}
		}, "proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

}
