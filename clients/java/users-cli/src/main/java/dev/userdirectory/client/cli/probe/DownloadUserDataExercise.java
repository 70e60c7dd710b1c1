package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.DownloadUserDataRequest;
import dev.userdirectory.api.v1.DownloadUserDataResponse;
import dev.userdirectory.api.v1.User;

/**
 * DownloadUserData of the worker's own user, whose data-size bytes were uploaded before
 * the clock started, read to the end of the stream; the metadata must announce that size
 * and sha256, and that many bytes must arrive.
 */
final class DownloadUserDataExercise extends OwnUserExercise {

	DownloadUserDataExercise(ProbeContext probe) {
		super(probe, "download");
	}

	@Override
	void prepare(int workers) {
		super.prepare(workers);
		for (User user : users()) {
			UploadUserDataExercise.uploadNow(this.probe, user.getId());
		}
	}

	@Override
	void start(int worker, Sample sample) {
		long size = this.probe.payload.size();
		String sha256 = this.probe.payloadSha256;
		DownloadUserDataRequest request = DownloadUserDataRequest.newBuilder().setUserId(userId(worker)).build();
		this.probe.async()
			.downloadUserData(request, new SampleCall<DownloadUserDataRequest, DownloadUserDataResponse>(sample) {

				private boolean metadata;

				private long received;

				@Override
				protected void next(DownloadUserDataResponse response) {
					if (response.hasMetadata()) {
						this.metadata = true;
						if (response.getMetadata().getSizeBytes() != size
								|| !response.getMetadata().getSha256().equalsIgnoreCase(sha256)) {
							bad("announced " + response.getMetadata().getSizeBytes() + " bytes with sha256 "
									+ response.getMetadata().getSha256() + ", uploaded " + size + " with " + sha256);
						}
					}
					else {
						this.received += response.getChunk().size();
					}
				}

				@Override
				protected void completed() {
					if (this.metadata && this.received == size) {
						this.sample.succeed();
					}
					else {
						this.sample.badResponse((this.metadata ? "" : "no metadata; ") + this.received + " of " + size
								+ " bytes arrived");
					}
				}
			});
	}

}
