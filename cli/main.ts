console.log('ibnet');
