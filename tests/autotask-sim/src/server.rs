//! Serving the simulator on a loopback port, in-process.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::{router, Fixture, Sim};

/// A running simulator on 127.0.0.1; stops when dropped or on [`SimServer::shutdown`].
pub struct SimServer {
    pub addr: SocketAddr,
    pub sim: Arc<Sim>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimServer {
    /// Binds 127.0.0.1:`port` (0 picks a free one) and serves in the background.
    pub async fn start_on(fixture: Fixture, port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let sim = Sim::new(fixture);
        let _ = sim.addr.set(addr);
        let (tx, rx) = oneshot::channel::<()>();
        let app = router(sim.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            sim,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub async fn start(fixture: Fixture) -> std::io::Result<Self> {
        Self::start_on(fixture, 0).await
    }

    /// `http://127.0.0.1:PORT/`
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What the app's `VECTIS_ZONE_LOOKUP_URL` takes: `http://127.0.0.1:PORT/atservicesrest/`.
    pub fn lookup_url(&self) -> String {
        format!("{}atservicesrest/", self.base_url())
    }

    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            // Hung requests would hold a graceful shutdown open forever.
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), task).await;
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
