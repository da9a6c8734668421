document.body.textContent = 'health dashboard';
